package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import labs.common.LabsException;
import labs.common.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The measuring labs' host-wide lock, with a real second process holding it (POSIX locks are per process). */
class MeasureLockTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondLabRefusesWithNoWaitAndWaitsOtherwise() throws Exception {
        Path file = tmp.resolve(MeasureLock.NAME);
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("held", r.readLine());
            LabsException e = assertThrows(LabsException.class,
                    () -> MeasureLock.acquire(file, "io-compare", false, Progress.SILENT));
            assertEquals(2, e.exitCode());
            assertTrue(e.getMessage().contains("holder-lab (pid " + holder.pid()), e.getMessage());

            List<String> said = new ArrayList<>();
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(500);
                    holder.getOutputStream().close();   // the holder ends and its lock with it
                } catch (Exception ignored) {
                    // the test fails on the wait below
                }
            });
            release.start();
            try (MeasureLock l = MeasureLock.acquire(file, "io-compare", true, recorder(said))) {
                assertTrue(said.get(0).startsWith("warn: another measuring lab is running: holder-lab"), said.toString());
                assertTrue(l.before().before().load1() >= 0);
            }
            assertTrue(Files.readString(file).startsWith("io-compare (pid " + ProcessHandle.current().pid()));
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    /** Someone else's link where the lock should be is refused, never followed. */
    @Test
    void aLinkAtTheLockIsRefused() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Path file = tmp.resolve(MeasureLock.NAME);
        Files.createSymbolicLink(file, victim);
        LabsException e = assertThrows(LabsException.class,
                () -> MeasureLock.acquire(file, "io-compare", false, Progress.SILENT));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
        assertTrue(e.fix().contains("rm " + file), e.fix());
        assertEquals("precious", Files.readString(victim));
    }

    @Test
    void aNewLockFileIsSharedByEveryUser() throws Exception {
        Path file = tmp.resolve(MeasureLock.NAME);
        try (MeasureLock l = MeasureLock.acquire(file, "vm-exit", true, Progress.SILENT)) {
            assertEquals("rw-rw-rw-", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file)));
        }
    }

    private static Progress recorder(List<String> said) {
        return new Progress() {
            @Override public void progress(String fmt, Object... args) { said.add("progress: " + String.format(fmt, args)); }
            @Override public void warn(String fmt, Object... args) { said.add("warn: " + String.format(fmt, args)); }
            @Override public void debug(String fmt, Object... args) { }
        };
    }
}
