package labs.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Real processes, real signals: a bound child outlives the thread that asked for it, and dies within seconds when
 * its JVM is killed with SIGKILL (no shutdown hook runs then).
 */
class BoundChildrenTest {

    @Test
    void aChildAskedForByAThreadThatEndsKeepsRunning() throws Exception {
        Assumptions.assumeTrue(BoundChildren.bound(), "needs setpriv (util-linux)");
        AtomicReference<Process> child = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                child.set(BoundChildren.start(new ProcessBuilder("sleep", "30")));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        t.join();
        try {
            Thread.sleep(700);
            assertTrue(child.get().isAlive(), "PR_SET_PDEATHSIG fired when the asking thread ended");
        } finally {
            child.get().destroyForcibly();
        }
    }

    /** The kernel behaviour the spawner thread exists for: spawned on a thread that ends, the child is killed. */
    @Test
    void theKernelWatchesTheSpawningThreadNotTheProcess() throws Exception {
        Assumptions.assumeTrue(BoundChildren.bound(), "needs setpriv (util-linux)");
        AtomicReference<Process> child = new AtomicReference<>();
        List<String> cmd = new java.util.ArrayList<>(BoundChildren.prefix());
        cmd.addAll(List.of("/bin/sleep", "30"));
        Thread t = new Thread(() -> {
            try {
                child.set(new ProcessBuilder(cmd).start());
                Thread.sleep(300);   // let setpriv run prctl before this thread ends
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        t.join();
        try {
            assertTrue(child.get().waitFor(5, TimeUnit.SECONDS), "the child survived its spawning thread");
        } finally {
            child.get().destroyForcibly();
        }
    }

    @Test
    void aBoundChildDiesWhenItsJvmIsKilled() throws Exception {
        Assumptions.assumeTrue(BoundChildren.bound(), "needs setpriv (util-linux)");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Holder.class.getName()).redirectErrorStream(true).start();
        ProcessHandle sleeper = null;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            sleeper = ProcessHandle.of(Long.parseLong(line.trim())).orElseThrow();
            assertTrue(sleeper.isAlive());
            assertTrue(new ProcessBuilder("kill", "-KILL", Long.toString(jvm.pid())).start().waitFor() == 0);
            jvm.waitFor(10, TimeUnit.SECONDS);
            sleeper.onExit().get(5, TimeUnit.SECONDS);
            assertFalse(sleeper.isAlive());
        } finally {
            jvm.destroyForcibly();
            if (sleeper != null) {
                sleeper.destroyForcibly();
            }
        }
    }

    @Test
    void aMissingProgramIsAnIoExceptionAsWithoutSetpriv() {
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> BoundChildren.start(new ProcessBuilder("no-such-program-labs-test")));
    }

    /** The child JVM: starts a bound sleep from a pool thread that ends at once, prints its pid, then waits. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
            Process p = pool.submit(() -> BoundChildren.start(new ProcessBuilder("sleep", "120"))).get();
            pool.shutdown();
            System.out.println(p.pid());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
