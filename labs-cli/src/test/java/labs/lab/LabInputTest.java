package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import labs.cli.Main;
import labs.launcher.Launcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is a usage error (exit 2) before anything runs: no results folder, no VM. */
class LabInputTest {
    @TempDir
    Path tmp;

    int run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--results";
        all[args.length + 1] = tmp.toString();
        return Main.run(all);
    }

    @Test
    void ioCompareRejectsBadOptionsBeforeRunning() throws Exception {
        assertEquals(2, run("run", "io-compare", "--repeat", "0"));
        assertEquals(2, run("run", "io-compare", "--filesize", "-1"));
        assertEquals(2, run("run", "io-compare", "--filesize", "100000000"));
        assertEquals(2, run("run", "io-compare", "--numjobs", "1,0"));
        assertEquals(2, run("run", "io-compare", "--disk-format", "vmdk"));
        assertEquals(2, run("run", "io-compare", "--cache", "unsafe"));
        assertEquals(2, run("run", "io-compare", "--lang", "fr"));
        assertTrue(Files.notExists(tmp.resolve("io-compare")), "no results folder on bad input");
    }

    @Test
    void vmLifecycleRejectsBadOptionsBeforeRunning() {
        assertEquals(2, run("run", "vm-lifecycle", "--memory", "64"));
        assertEquals(2, run("run", "vm-lifecycle", "--accel", "hvf"));
        assertEquals(2, run("run", "vm-lifecycle", "--name", "../x"));
        assertTrue(Files.notExists(tmp.resolve("vm-lifecycle")), "no results folder on bad input");
    }

    @Test
    void testFileLargerThanFreeSpaceIsAUsageError() throws Exception {
        Path store = Launcher.defaultStoreRoot();
        Path existing = store;
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        long freeMiB = Files.getFileStore(existing).getUsableSpace() >> 20;
        long ask = freeMiB / 2 + 1024;
        assumeTrue(ask <= IoCompareLab.MAX_FILESIZE >> 20, "this disk has too much free space for the test");
        assertEquals(2, run("run", "io-compare", "--filesize", Long.toString(ask)));
        assertTrue(Files.notExists(tmp.resolve("io-compare")));
    }

    @Test
    void cpuOverheadRejectsBadOptionsBeforeRunning() {
        assertEquals(2, run("run", "cpu-overhead", "--cpu", "999"));
        assertEquals(2, run("run", "cpu-overhead", "--repeat", "0"));
        assertEquals(2, run("run", "cpu-overhead", "--seconds", "-3"));
        assertEquals(2, run("run", "cpu-overhead", "--iterations", "5"));
        assertTrue(Files.notExists(tmp.resolve("cpu-overhead")));
    }

    /** Issue 10 item 17: each of these was accepted (and failed later, ran unbounded, or wrote into the cwd). */
    @Test
    void outOfRangeValuesAreRefusedBeforeAnythingExists() throws Exception {
        assertEquals(2, run("run", "vm-exit", "--loop", "999999999999999"));
        assertEquals(2, run("run", "vm-exit", "--exits", "0"));
        assertEquals(2, run("run", "vm-exit", "--repeat", "1000"));
        assertTrue(Files.notExists(tmp.resolve("vm-exit")));
        assertEquals(2, run("run", "vm-lifecycle", "--memory", "99999999"));
        assertTrue(Files.notExists(tmp.resolve("vm-lifecycle")));
        Path vm = Launcher.defaultStoreRoot().resolve("vms/labs-input-test-m");
        assertEquals(2, Main.run("vm", "create", "labs-input-test-m", "--memory", "99999999"));
        assertTrue(Files.notExists(vm), "no VM folder");
        for (String t : new String[] {"0", "-1", "99999999999"}) {
            assertEquals(2, Main.run("vm", "exec", "--timeout", t, "no-such-vm-x", "--", "true"), t);
        }
    }

    @Test
    void anEmptyResultsFolderIsRefused() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        java.util.Set<Path> before;
        try (var s = Files.list(cwd)) {
            before = s.collect(java.util.stream.Collectors.toSet());
        }
        assertEquals(2, Main.run("run", "vt-check", "--results", ""));
        assertEquals(2, Main.run("run", "vt-check", "--results", "  "));
        try (var s = Files.list(cwd)) {
            assertEquals(before, s.collect(java.util.stream.Collectors.toSet()), "nothing made in the current folder");
        }
    }

    @Test
    void vtCheckRefusesSysrootWithCpuinfoAndFifos() throws Exception {
        Path sysroot = Files.createDirectories(tmp.resolve("dump/proc"));
        Files.writeString(sysroot.resolve("cpuinfo"), "processor\t: 0\nflags\t\t: fpu vmx\n");
        assertEquals(2, run("run", "vt-check", "--sysroot", tmp.resolve("dump").toString(), "--cpuinfo",
                sysroot.resolve("cpuinfo").toString()));
        // A real FIFO without a writer, as --cpuinfo and as the sysroot's proc/cpuinfo: refused at once.
        Path fifo = mkfifo(tmp.resolve("cpuinfo.fifo"));
        assertEquals(2, assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> run("run", "vt-check", "--cpuinfo", fifo.toString())));
        Files.delete(sysroot.resolve("cpuinfo"));
        mkfifo(sysroot.resolve("cpuinfo"));
        assertEquals(2, assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> run("run", "vt-check", "--sysroot", tmp.resolve("dump").toString())));
        assertTrue(Files.notExists(tmp.resolve("vt-check")), "no results folder");
    }

    private static Path mkfifo(Path p) throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor());
        return p;
    }
}
