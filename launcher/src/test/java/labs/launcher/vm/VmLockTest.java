package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import labs.common.LabsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmLockTest {
    @TempDir
    Path dir;

    @Test
    void anotherProcessIsRefusedAfterWaitingAndGetsItOnceReleased() throws Exception {
        Process holder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream()));
            assertEquals("locked", out.readLine());
            assertTrue(VmLock.held(dir));
            LabsException e = assertThrows(LabsException.class,
                    () -> VmLock.acquire(dir, "vm1", "start it", Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("busy"), e.getMessage());
            assertTrue(e.why().contains(Long.toString(holder.pid())), "names the holder: " + e.why());

            // the holder dies without unlocking (like kill -9): the kernel drops its lock
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
            try (VmLock lock = VmLock.acquire(dir, "vm1", "start it", Duration.ofSeconds(5))) {
                assertTrue(VmLock.held(dir));
            }
            assertFalse(VmLock.held(dir));
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void threadsOfOneProcessWaitForEachOther() throws Exception {
        VmLock first = VmLock.acquire(dir, "vm1", "first", Duration.ofSeconds(1));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            try (VmLock l = VmLock.acquire(dir, "vm1", "second", Duration.ofSeconds(10))) {
                // got it after the first released
            }
        });
        Thread.sleep(300);
        assertFalse(second.isDone(), "second waits while the first holds the lock");
        first.close();
        second.get(10, TimeUnit.SECONDS);
    }

    /** Runs in a separate JVM: takes the lock, says so, and holds it until killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            VmLock.acquire(Path.of(args[0]), "vm1", "hold it for a test", Duration.ofSeconds(5));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
