package labs.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BootPolicyTest {
    @Test
    void insideTheEmulatedAmdVMachineGuestsGetLimitsThatFitIt() {
        assumeTrue(System.getenv("LABS_BOOT_TIMEOUT") == null, "LABS_BOOT_TIMEOUT is set here and wins");
        assertEquals(Duration.ofSeconds(20), BootPolicy.standard(false).timeout(Accelerator.KVM));
        assertEquals(Duration.ofSeconds(60), BootPolicy.standard(false).timeout(Accelerator.TCG));
        assertEquals(Duration.ofMinutes(5), BootPolicy.standard(true).timeout(Accelerator.KVM));
        assertEquals(Duration.ofMinutes(15), BootPolicy.standard(true).timeout(Accelerator.TCG));
    }
}
