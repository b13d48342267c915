package labs.lab.sched;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import labs.common.LabsException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host loop for real: it runs, close() ends it, and a CPU that is not online is said as such. */
class HostLoopTest {
    @TempDir
    Path tmp;

    private Path program() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.arch").equals("amd64"), "needs an x86-64 Linux host");
        Path p = tmp.resolve("sched-load");
        Files.write(p, LoadProgram.elf());
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void closeEndsTheLoop() throws Exception {
        ProcessHandle h;
        try (HostLoop loop = HostLoop.start(program(), 0, 600)) {
            h = ProcessHandle.of(loop.pid()).orElseThrow();
            assertTrue(h.isAlive());
            assertTrue(h.info().commandLine().orElse("").contains("sched-load l 0 600"), h.info().toString());
        }
        assertFalse(h.isAlive(), "close() waits until the loop is gone");
    }

    @Test
    void aCpuThatIsNotOnlineIsSaid() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        Assumptions.assumeTrue(cpus < 64, "every CPU number the program takes is online here");
        Path program = program();
        LabsException e = assertThrows(LabsException.class, () -> HostLoop.start(program, 63, 600).close());
        assertTrue(e.getMessage().contains("ended at once (exit status 2)"), e.getMessage());
    }
}
