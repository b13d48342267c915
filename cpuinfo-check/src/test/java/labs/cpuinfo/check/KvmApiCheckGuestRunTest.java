package labs.cpuinfo.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import labs.vmm.GuestRunProof;
import org.junit.jupiter.api.Test;

class KvmApiCheckGuestRunTest {
    @Test
    void aGuestThatRanIsAPassThatSaysWhatItDid() {
        Finding f = KvmApiCheck.guestRun(new GuestRunProof(true, "64-bit long mode, CPL3", 100_000, 100_000,
                "DONE=1", 900, null));
        assertEquals(Status.PASS, f.status());
        assertTrue(f.title().contains("a guest ran"), f.title());
    }

    @Test
    void aGuestThatDidNotRunIsAWarningWithAFix() {
        Finding f = KvmApiCheck.guestRun(new GuestRunProof(false, "64-bit long mode, CPL3", 100_000, -1, "", 900,
                "KVM_RUN failed: Invalid argument"));
        assertEquals(Status.WARN, f.status());
        assertTrue(f.title().contains("KVM_RUN failed"), f.title());
        assertTrue(f.fix().contains("vm-exit"), f.fix());
    }
}
