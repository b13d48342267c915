package labs.cpuinfo.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import labs.common.LabsException;
import labs.cpuinfo.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad --cpuinfo / --sysroot input: a LabsException (exit 2) with a one-line message, never a huge read. */
class HostDumpTest {
    @TempDir
    Path dir;

    private static LabsException refused(Path cpuinfo) {
        LabsException e = assertThrows(LabsException.class, () -> Host.dump(null, cpuinfo));
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.fix() != null && !e.fix().isBlank());
        return e;
    }

    @Test
    void missingFile() {
        assertTrue(refused(dir.resolve("nope.txt")).getMessage().endsWith("no such file"));
    }

    @Test
    void directory() {
        assertTrue(refused(dir).getMessage().contains("is a directory"));
    }

    @Test
    void binaryFile() throws IOException {
        Path bin = dir.resolve("a.out");
        Files.write(bin, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});
        assertTrue(refused(bin).getMessage().contains("binary"));
    }

    @Test
    void invalidUtf8() throws IOException {
        Path bad = dir.resolve("latin1.txt");
        Files.write(bad, new byte[] {'p', 'r', 'o', (byte) 0xff, (byte) 0xfe, '\n'});
        assertTrue(refused(bad).getMessage().contains("not text"));
    }

    @Test
    void oneGibibyteSparseFileIsRefusedBeforeReading() throws IOException {
        Path big = dir.resolve("big.cpuinfo");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(1L << 30);
        }
        long before = usedHeap();
        LabsException e = refused(big);
        assertTrue(e.getMessage().contains("1.0 GiB"), e.getMessage());
        assertTrue(usedHeap() - before < 64L << 20, "read far more than the limit");
    }

    @Test
    void aDeviceIsRefusedWithoutReadingIt() {
        // /dev/zero would never end: it is not a regular file, so it is not even opened.
        LabsException e = refused(Path.of("/dev/zero"));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    /** A real FIFO with no writer: opening it for reading would block for ever (vt-check hung on one). */
    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = mkfifo(dir.resolve("cpuinfo.fifo"));
        LabsException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> refused(fifo));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        Path link = Files.createSymbolicLink(dir.resolve("link-to-fifo"), fifo);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> refused(link));
    }

    @Test
    void aSysrootWhoseCpuinfoOrModuleFileIsAFifoDoesNotHang() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("proc"));
        mkfifo(root.resolve("proc/cpuinfo"));
        LabsException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(LabsException.class, () -> Host.dump(root, null)));
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());

        // Any other file of a dump is read as "" when it is not a regular file (a FIFO, a device).
        Files.delete(root.resolve("proc/cpuinfo"));
        Files.copy(Fixtures.path("cpuinfo/intel-vmx.cpuinfo"), root.resolve("proc/cpuinfo"));
        Files.createDirectories(root.resolve("sys/module/kvm_intel/parameters"));
        mkfifo(root.resolve("sys/module/kvm_intel/parameters/nested"));
        Host h = Host.dump(root, null);
        assertEquals("", assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> h.read("/sys/module/kvm_intel/parameters/nested")));
    }

    @Test
    void sysrootAndCpuinfoTogetherAreRefused() {
        LabsException e = assertThrows(LabsException.class,
                () -> Host.dump(Fixtures.path("sysroot/intel-kvm"), Fixtures.path("cpuinfo/intel-vmx.cpuinfo")));
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("both"), e.getMessage());
    }

    @Test
    void aHugePathIsEchoedBounded() {
        LabsException e = refused(dir.resolve("x".repeat(250)).resolve("y".repeat(250)));
        assertTrue(e.getMessage().length() < 400, e.getMessage());
    }

    static Path mkfifo(Path p) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        return p;
    }

    @Test
    void sysrootMustBeADirectoryWithCpuinfo() {
        LabsException e = assertThrows(LabsException.class, () -> Host.dump(dir.resolve("x"), null));
        assertTrue(e.getMessage().contains("no such directory"));
        LabsException noCpuinfo = assertThrows(LabsException.class, () -> Host.dump(dir, null));
        assertTrue(noCpuinfo.getMessage().contains("no such file"), noCpuinfo.getMessage());
    }

    @Test
    void aGoodDumpReads() {
        Host h = Host.dump(null, Fixtures.path("cpuinfo/intel-vmx.cpuinfo"));
        assertFalse(h.live());
        assertFalse(h.hasFiles());
        assertEquals(4, h.cpuinfo().processors().size());
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
