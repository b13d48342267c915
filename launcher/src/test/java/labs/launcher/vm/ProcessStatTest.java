package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessStatTest {
    @Test
    void parsesStartTimeEvenWhenTheCommandNameHasSpacesAndParens() {
        String stat = "4242 (qemu (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 4 0 987654 1000 200";
        assertEquals(Optional.of(987654L), ProcessStat.parse(stat));
    }

    @Test
    void zombieCountsAsGone() {
        String stat = "4242 (qemu) Z 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 4 0 987654 1000 200";
        assertEquals(Optional.empty(), ProcessStat.parse(stat));
    }

    @Test
    void thisProcessIsAliveAndAnImpossiblePidIsNot() {
        assertTrue(ProcessStat.startTicks(ProcessHandle.current().pid()).isPresent());
        assertTrue(ProcessStat.startTicks(Integer.MAX_VALUE).isEmpty());
    }
}
