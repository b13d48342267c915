package labs.common;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Child processes that die with labs, however labs ends (kill -9 included): no shutdown hook runs on SIGKILL, so
 * the kernel must do it. The command is started as {@code setpriv --pdeathsig SIGKILL -- CMD} (util-linux), which
 * sets PR_SET_PDEATHSIG and then execs CMD in the same process (the flag survives exec for a program that is not
 * set-user-ID), so the kernel sends SIGKILL to CMD when its parent goes.
 * <p>
 * The "parent" the kernel watches is the <em>thread</em> that spawned the child, not the JVM: a child spawned from a
 * pool thread would be killed when that thread retires. So every bound child is spawned from one dedicated thread
 * that lives as long as the JVM ({@link #SPAWNER}). A pidfd or a pipe watched by the child would need the child's
 * cooperation (QEMU has none) or a watcher process of our own; this needs neither.
 * <p>
 * Without setpriv the command runs unbound, and the next labs command reaps what a killed labs left.
 */
public final class BoundChildren {
    private BoundChildren() {}

    /** One thread, started once, never retired: the parent thread of every bound child (see above). */
    private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "labs-child-spawner");
        t.setDaemon(true);
        return t;
    });
    private static final Path SETPRIV = HostRunner.which("setpriv");

    /** The words that bind a command to this process's life, or none when setpriv is missing. */
    public static List<String> prefix() {
        return SETPRIV == null ? List.of() : List.of(SETPRIV.toString(), "--pdeathsig", "SIGKILL", "--");
    }

    /** True when children started here really die with labs (setpriv is installed). */
    public static boolean bound() {
        return SETPRIV != null;
    }

    /**
     * Starts pb's command bound to this process (pb's command is prefixed in place). Waits for the spawn even when
     * interrupted: a child spawned for a caller that stopped waiting would have nobody to stop it.
     */
    public static Process start(ProcessBuilder pb) throws IOException {
        List<String> cmd = new ArrayList<>(prefix());
        if (!cmd.isEmpty()) {
            // setpriv would report a missing program as its own exit status 127; callers expect Java's IOException
            cmd.add(resolve(pb.command().get(0)));
            cmd.addAll(pb.command().subList(1, pb.command().size()));
            pb.command(cmd);
        }
        return spawn(pb);
    }

    private static String resolve(String program) throws IOException {
        Path found = program.contains("/") ? Path.of(program) : HostRunner.which(program);
        if (found == null || !java.nio.file.Files.isExecutable(found)) {
            throw new IOException("Cannot run program \"" + program + "\": error=2, No such file or directory");
        }
        return found.toString();
    }

    /** Starts pb's command as it is (the caller put {@link #prefix()} where it belongs) on the spawner thread. */
    public static Process spawn(ProcessBuilder pb) throws IOException {
        Future<Process> f = SPAWNER.submit(pb::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
