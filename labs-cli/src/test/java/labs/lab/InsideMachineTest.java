package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import labs.launcher.amdv.AmdVMachine;
import org.junit.jupiter.api.Test;

class InsideMachineTest {
    @Test
    void vmExitGetsOneTcgThreadAndAShortQuietLimit() {
        InsideMachine m = InsideMachine.forLab("vm-exit");
        assertFalse(m.tcgThreads());
        assertEquals(Duration.ofMinutes(2), m.quietLimit());
    }

    @Test
    void theLabsThatBootGuestsInsideKeepTwoThreadsAndFiveMinutes() {
        for (String lab : new String[] {"vt-check", "vm-lifecycle", "io-compare", "cpu-overhead", "sched-virt"}) {
            InsideMachine m = InsideMachine.forLab(lab);
            assertTrue(m.tcgThreads(), lab);
            assertEquals(AmdVMachine.QUIET_LIMIT, m.quietLimit(), lab);
        }
    }
}
