package labs.common;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A task on a daemon platform thread of its own. Not the common fork-join pool: it has a single thread on a
 * 2-CPU machine, and start-up work that waits on JNA or a child process must not queue behind other work there.
 * Daemon, so that a result nobody collects (a --help after an early start) never holds the JVM open.
 */
public final class DaemonTask {
    private DaemonTask() {}

    public static <T> CompletableFuture<T> start(String name, Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(task.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return f;
    }
}
