package labs.lab.sched;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import labs.common.BoundChildren;
import labs.common.LabsException;
import labs.common.i18n.LabText;
import labs.common.i18n.Msg;

/**
 * The book's inf-loop.py on the host: the load program's endless loop pinned to one host CPU, for as long as this
 * object is open. It cannot outlive labs, whatever ends it: {@link #close} kills it (a lab's try-with-resources,
 * also when Ctrl-C interrupts the lab); a kill -9 of labs makes the kernel kill it (it is a bound child,
 * setpriv --pdeathsig SIGKILL); and without setpriv the loop itself ends within ~1 ms of its parent's death, and in
 * any case after maxSeconds (see {@link LoadProgram}). On a remote libvirt host it runs there over ssh
 * ({@link RemoteLoop}), ended the same ways through its ssh's input.
 */
public final class HostLoop implements AutoCloseable {
    private final Process process;
    private final long pid;
    private final int cpu;
    /** How to end it: SIGKILL to the loop here; over ssh, the end of ssh's input (see {@link RemoteLoop}). */
    private final boolean remote;

    HostLoop(Process process, long pid, int cpu, boolean remote) {
        this.process = process;
        this.pid = pid;
        this.cpu = cpu;
        this.remote = remote;
    }

    /** Starts the loop and checks it is running (a CPU that is not online makes it exit at once, status 2). */
    public static HostLoop start(Path program, int cpu, int maxSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(program.toString(), "l", Integer.toString(cpu),
                Integer.toString(maxSeconds)))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = BoundChildren.start(pb);
        HostLoop loop = new HostLoop(p, p.pid(), cpu, false);
        loop.endedAtOnce(100);
        return loop;
    }

    /**
     * The loop on a remote libvirt host (program is a path there), over its ssh; {@link #pid()} is the remote pid.
     */
    public static HostLoop overSsh(labs.launcher.remote.SshHost host, String program, int cpu, int maxSeconds)
            throws IOException, InterruptedException {
        return RemoteLoop.start(host, program, cpu, maxSeconds);
    }

    /** Exit 1 with the reason when the loop ended within ms (a CPU that is not online: status 2). */
    void endedAtOnce(long ms) throws InterruptedException {
        if (process.waitFor(ms, TimeUnit.MILLISECONDS)) {
            throw LabsException.failed(Msg.get(LabText.HL_ENDED, cpu, process.exitValue()),
                    Msg.get(LabText.HL_ENDED_WHY, cpu), null);
        }
    }

    /** The loop's process id on the host that runs it (the looping program itself: setpriv execs it in place). */
    public long pid() {
        return pid;
    }

    public int cpu() {
        return cpu;
    }

    /** Kills the loop and waits until it is gone, even when the caller is being interrupted. */
    @Override
    public void close() {
        if (remote) {
            RemoteLoop.end(process);
        }
        process.destroyForcibly();
        boolean interrupted = Thread.interrupted();
        while (true) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
