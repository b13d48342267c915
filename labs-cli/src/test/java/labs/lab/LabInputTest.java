package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import labs.cli.Main;
import labs.common.DebianPackage;
import labs.common.HostRunner;
import labs.common.Packages;
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
        assertEquals(2, run("run", "io-compare", "--max-pairs", "5"));
        assertEquals(2, run("run", "io-compare", "--protocol", "fast"));
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

    /**
     * The free-space check itself, on a folder this test controls: a real 64 MiB tmpfs as the data folder
     * (LABS_DATA_DIR of a child JVM running Main, as ./labs does), where the lab's 2 x 64 MiB + 256 MiB cannot fit.
     * The lab's packages must be installed, or the package check would answer first and prove nothing.
     */
    @Test
    void testFileLargerThanFreeSpaceIsAUsageError() throws Exception {
        assumeTrue(HostRunner.isRoot(), "needs root: mounts a small tmpfs as the data folder");
        List<DebianPackage> missing = Packages.missing(Needs.guestLab(labs.charts.Lang.EN));
        assumeTrue(missing.isEmpty(), "io-compare's packages are missing (" + missing + "): its package check "
                + "would exit 2 before the free-space check");
        Path small = Files.createDirectories(tmp.resolve("small"));
        assertEquals(0, HostRunner.INSTANCE.exec(List.of("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs",
                small.toString()), Duration.ofSeconds(30)).exitCode());
        try {
            Path results = tmp.resolve("results");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "io-compare",
                    "--filesize", "64", "--lang", "en", "--results", results.toString());
            pb.environment().put("LABS_DATA_DIR", small.resolve("data").toString());
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Path err = tmp.resolve("err.txt");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "labs did not finish");
            String text = Files.readString(err);
            assertEquals(2, p.exitValue(), text);
            assertTrue(text.contains("not enough free space under " + small + ": the lab needs 384 MiB, 64 MiB are "
                    + "free"), text);
            assertTrue(text.contains("give a smaller --filesize or free some space"), text);
            assertTrue(Files.notExists(results), "no results folder");
            assertTrue(Files.notExists(small.resolve("data").resolve("vms")), "no VM folder");
        } finally {
            HostRunner.INSTANCE.exec(List.of("umount", small.toString()), Duration.ofSeconds(30));
        }
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
