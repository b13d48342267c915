package labs.cpuinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostFingerprintTest {
    @Test
    void procfsPathReadsADump() {
        HostFingerprint f = HostFingerprint.fromProcfs(Fixtures.path("sysroot/intel-kvm"));
        assertEquals("Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz", f.cpuModel());
        assertEquals("GenuineIntel", f.cpuVendor());
        assertEquals(4, f.logicalCpus());
        assertEquals(2, f.physicalCores());
        assertEquals(16190124L * 1024, f.memoryBytes());
        assertEquals("Debian GNU/Linux 12 (bookworm)", f.os());
        assertTrue(f.virtualization().startsWith("bare metal"), f.virtualization());
        assertEquals("procfs", f.source());
    }

    @Test
    void aGuestIsNamedAVirtualMachine() {
        HostFingerprint f = HostFingerprint.fromProcfs(Fixtures.path("sysroot/this-machine-pvm"));
        assertTrue(f.virtualization().startsWith("virtual machine"), f.virtualization());
        assertEquals(2, f.logicalCpus());
    }

    @Test
    void liveProcfsAndOshiAgreeOnTheFiguresThatMatter() {
        HostFingerprint procfs = HostFingerprint.fromProcfs(Path.of("/"));
        HostFingerprint oshi = HostFingerprint.collect();
        assertEquals(procfs.cpuModel(), oshi.cpuModel());
        assertEquals(procfs.logicalCpus(), oshi.logicalCpus());
        assertEquals(procfs.physicalCores(), oshi.physicalCores());
        assertEquals(procfs.memoryBytes(), oshi.memoryBytes());
        assertEquals(procfs.kernel(), oshi.kernel());
        assertEquals(procfs.os(), oshi.os());
        assertEquals("oshi", oshi.source());
    }
}
