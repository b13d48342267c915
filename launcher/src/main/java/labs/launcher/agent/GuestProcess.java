package labs.launcher.agent;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import labs.common.LabsException;

/**
 * A command running in the guest, as {@code ssh host cmd} gives one: its stdout and stderr stream into the
 * OutputStreams given at the start (byte for byte, as they arrive), the host may write its stdin and send it a
 * signal, and {@link #waitFor} returns its exit status once it ended and both outputs reached their end.
 */
public final class GuestProcess {
    /** Bytes per STDIN frame; at most WINDOW of them wait in the guest (its agent keeps 8 slots). */
    static final int STDIN_CHUNK = 32 * 1024;
    private static final int WINDOW = 4;

    private final long id;
    private final List<String> argv;
    private final GuestAgent agent;
    private final OutputStream out;
    private final OutputStream err;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Semaphore window = new Semaphore(WINDOW);
    private long nextSeq;
    private boolean stdinClosed;
    private volatile IOException outputError;

    GuestProcess(long id, List<String> argv, GuestAgent agent, OutputStream out, OutputStream err) {
        this.id = id;
        this.argv = List.copyOf(argv);
        this.agent = agent;
        this.out = out;
        this.err = err;
    }

    long id() { return id; }

    public List<String> argv() { return argv; }

    /**
     * Sends bytes to the command's stdin, waiting while the guest still holds WINDOW chunks it has not written
     * to the command (a command that does not read holds the writer here, as a pipe would). Bytes written after
     * the command ended are dropped.
     */
    public synchronized void writeStdin(byte[] b, int off, int len) throws InterruptedException {
        if (stdinClosed) {
            throw new IllegalStateException("stdin was closed");
        }
        for (int p = off; p < off + len; p += STDIN_CHUNK) {
            while (!window.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                if (exit.isDone()) {
                    return;
                }
            }
            if (exit.isDone()) {
                return;
            }
            agent.sendStdin(id, nextSeq++, b, p, Math.min(STDIN_CHUNK, off + len - p));
        }
    }

    /** End-of-file on the command's stdin (once; nothing after). */
    public synchronized void closeStdin() {
        if (!stdinClosed) {
            stdinClosed = true;
            if (!exit.isDone()) {
                agent.sendStdin(id, nextSeq++, new byte[0], 0, 0);
            }
        }
    }

    /** INT, TERM, KILL or HUP to the command's whole session in the guest (nothing if it already ended). */
    public void signal(String name) {
        if (!exit.isDone()) {
            agent.trySignal(id, name);
        }
    }

    public boolean isAlive() { return !exit.isDone(); }

    /**
     * Waits for the exit status.
     *
     * @throws TimeoutException when it is still running after timeout (nothing is sent to it)
     * @throws LabsException when the agent connection ended first
     */
    public int waitFor(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof LabsException le ? le
                    : LabsException.failed(Msg.get(VmText.AG_FAILED), e.getCause().toString(), e.getCause());
        }
    }

    /** Set when writing the command's output on the host failed (say, a closed pipe); the rest is dropped. */
    public IOException outputError() { return outputError; }

    void output(int fd, byte[] b, int off, int len) {
        if (outputError != null) {
            return;
        }
        try {
            (fd == 1 ? out : err).write(b, off, len);
        } catch (IOException e) {
            // Nowhere to put what it writes: end it, as SIGPIPE ends a command whose reader went away.
            outputError = e;
            signal("KILL");
        }
    }

    void acked() { window.release(); }

    void exited(int code) {
        try {
            out.flush();
            err.flush();
        } catch (IOException e) {
            if (outputError == null) {
                outputError = e;
            }
        }
        exit.complete(code);
        window.release(WINDOW);
    }

    void lost(LabsException e) {
        exit.completeExceptionally(e);
        window.release(WINDOW);
    }
}
