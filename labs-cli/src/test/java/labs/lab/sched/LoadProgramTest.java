package labs.lab.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load program is real machine code: these tests write it and run it on this (x86-64 Linux) machine, as the lab
 * does on the host, and check what it prints and that its endless loop ends by itself.
 */
class LoadProgramTest {
    @TempDir
    Path tmp;
    Path program;

    @BeforeEach
    void write() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.arch").equals("amd64"), "needs an x86-64 Linux host");
        program = tmp.resolve("sched-load");
        Files.write(program, LoadProgram.elf());
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void isASmallStaticElfExecutable() {
        byte[] elf = LoadProgram.elf();
        assertEquals(0x7f, elf[0]);
        assertEquals("ELF", new String(elf, 1, 3, StandardCharsets.US_ASCII));
        assertEquals(2, elf[4], "64-bit");
        assertTrue(elf.length < 4096, elf.length + " bytes");
    }

    @Test
    void calibratesForksAndRecordsEveryStep() throws Exception {
        Result r = run(program.toString(), "s", "0", "2", "5", "1000000");
        assertEquals(0, r.status, r.out);
        SchedRun run = SchedRun.parse("host", HostCondition.IDLE, 2, 5, r.out);
        assertEquals(1_000_000, run.calLoops());
        assertTrue(run.calNs() > 0 && run.loopsPerMs() > 0, r.out);
        for (int p = 0; p < 2; p++) {
            List<SchedRun.Step> s = run.of(p);
            assertEquals(List.of(1, 2, 3, 4, 5), s.stream().map(SchedRun.Step::step).toList());
            for (int i = 1; i < s.size(); i++) {
                assertTrue(s.get(i).elapsedMs() > s.get(i - 1).elapsedMs(), "monotonic: " + s);
            }
        }
    }

    @Test
    void fixedModeTakesTheGivenLoopsPerMs() throws Exception {
        Result r = run(program.toString(), "f", "0", "1", "3", "12345");
        assertEquals(0, r.status, r.out);
        assertTrue(r.out.startsWith("c 12345 1000000\ns "), r.out);
        assertEquals(12345, SchedRun.parse("host", HostCondition.LOOP, 1, 3, r.out).loopsPerMs());
    }

    @Test
    void badArgumentsExitWithStatus2() throws Exception {
        assertEquals(2, run(program.toString()).status);
        assertEquals(2, run(program.toString(), "x", "0").status);
        assertEquals(2, run(program.toString(), "s", "0", "9", "10", "1000000").status, "N above 8");
        assertEquals(2, run(program.toString(), "s", "0", "1", "0", "1000000").status, "no steps");
        assertEquals(2, run(program.toString(), "s", "0", "1", "1001", "1000000").status, "steps above 1000");
        assertEquals(2, run(program.toString(), "s", "0", "1", "10", "999").status, "calibration too short");
        assertEquals(2, run(program.toString(), "s", "64", "1", "10", "1000000").status, "no CPU 64");
        assertEquals(2, run(program.toString(), "l", "0").status, "no seconds");
    }

    /** The student may run the copy in the run folder by hand: "-1" must not quietly be CPU 0, nor "1s" 1 s. */
    @Test
    void aNumberOrModeWithAnythingElseInItExitsWithStatus2() throws Exception {
        assertEquals(2, run(program.toString(), "s", "-1", "1", "3", "1000000").status, "CPU -1");
        assertEquals(2, run(program.toString(), "s", "", "1", "3", "1000000").status, "no CPU");
        assertEquals(2, run(program.toString(), "s", "0x", "1", "3", "1000000").status, "CPU 0x");
        assertEquals(2, run(program.toString(), "s", "0", "1", "3", "1e6").status, "calibration 1e6");
        assertEquals(2, run(program.toString(), "sx", "0", "1", "3", "1000000").status, "mode sx");
        assertEquals(2, run(program.toString(), "l", "0", "1s").status, "seconds 1s");
        assertEquals(0, run(program.toString(), "s", "0", "1", "3", "1000000").status, "all well formed");
    }

    @Test
    void theLoopEndsAfterItsSeconds() throws Exception {
        Process p = new ProcessBuilder(program.toString(), "l", "0", "1").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the loop outlived its 1 s");
        assertEquals(0, p.exitValue());
    }

    /** Without setpriv nothing kills an orphan: the loop itself sees its parent change and ends. */
    @Test
    void theLoopEndsWhenItsParentIsGone() throws Exception {
        // the shell outlives the loop's start by a second: the loop notes its parent first thing
        Process sh = new ProcessBuilder("sh", "-c", "\"$0\" l 0 600 & echo $!; sleep 1", program.toString())
                .start();
        String pid = new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertTrue(sh.waitFor(30, TimeUnit.SECONDS));
        ProcessHandle loop = ProcessHandle.of(Long.parseLong(pid)).orElse(null);
        try {
            if (loop != null) {
                loop.onExit().get(30, TimeUnit.SECONDS);
            }
        } finally {
            if (loop != null && loop.isAlive()) {
                loop.destroyForcibly();
                throw new AssertionError("the orphaned loop " + pid + " ran on after its parent ended");
            }
        }
    }

    private record Result(int status, String out) {}

    private static Result run(String... argv) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(argv))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }
}
