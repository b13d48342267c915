package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
