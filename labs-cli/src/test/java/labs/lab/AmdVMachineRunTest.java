package labs.lab;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import labs.common.LabsException;
import labs.launcher.amdv.AmdVJob;
import org.junit.jupiter.api.Test;

/** Which exits of a lab inside the emulated AMD-V machine make labs run it once more in a new machine. */
class AmdVMachineRunTest {
    @Test
    void aCrashedJvmOrALostGuestRunsOnceMoreAndNothingElseDoes() {
        assertTrue(AmdVMachineRun.whyOnceMore(AmdVJob.JVM_CRASH).contains("JVM inside the emulated AMD-V machine crashed"));
        assertTrue(AmdVMachineRun.whyOnceMore(LabsException.EXIT_GUEST_LOST).contains("guest ended under it"));
        for (int rc : new int[] {0, LabsException.EXIT_FAILED, LabsException.EXIT_USAGE, 3, 130, 143}) {
            assertNull(AmdVMachineRun.whyOnceMore(rc), "exit " + rc);
        }
    }
}
