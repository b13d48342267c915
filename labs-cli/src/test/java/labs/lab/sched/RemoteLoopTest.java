package labs.lab.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote host loop's sh script, run by this machine's sh with the real load program (ssh only carries its input
 * and output; LibvirtLabIT runs it over a real ssh): the loop runs, and ends as soon as the script's input ends,
 * which is what a closed or killed ssh does to it on the server.
 */
class RemoteLoopTest {
    @TempDir
    Path tmp;

    @Test
    void theLoopEndsWhenItsInputEnds() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.arch").equals("amd64"), "needs an x86-64 Linux host");
        Path program = tmp.resolve("sched-load");
        Files.write(program, LoadProgram.elf());
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
        Process sh = new ProcessBuilder(List.of("sh", "-c", RemoteLoop.SCRIPT, "labs-host-loop", program.toString(),
                "l", "0", "600")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String pid = new BufferedReader(new InputStreamReader(sh.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            ProcessHandle loop = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
            assertTrue(loop.info().commandLine().orElse("").contains("sched-load l 0 600"), loop.info().toString());
            Thread.sleep(300);
            assertTrue(loop.isAlive() && sh.isAlive(), "the loop runs while the input stays open");
            sh.getOutputStream().close();
            assertTrue(sh.waitFor(10, TimeUnit.SECONDS), "the script ends with its loop");
            assertEquals(137, sh.exitValue(), "the loop was killed (SIGKILL)");
            assertFalse(loop.isAlive());
        } finally {
            sh.descendants().forEach(ProcessHandle::destroyForcibly);
            sh.destroyForcibly();
        }
    }

    @Test
    void aLoopThatEndsAtOnceEndsTheScript() throws Exception {
        Process sh = new ProcessBuilder(List.of("sh", "-c", RemoteLoop.SCRIPT, "labs-host-loop", "sh", "-c",
                "exit 2")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertTrue(sh.waitFor(10, TimeUnit.SECONDS), "its status is the script's, with the input still open");
            assertEquals(2, sh.exitValue());
        } finally {
            sh.getOutputStream().close();
            sh.destroyForcibly();
        }
    }
}
