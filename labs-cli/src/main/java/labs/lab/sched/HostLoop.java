package labs.lab.sched;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import labs.common.BoundChildren;
import labs.common.LabsException;

/**
 * The book's inf-loop.py on the host: the load program's endless loop pinned to one host CPU, for as long as this
 * object is open. It cannot outlive labs, whatever ends it: {@link #close} kills it (a lab's try-with-resources,
 * also when Ctrl-C interrupts the lab); a kill -9 of labs makes the kernel kill it (it is a bound child,
 * setpriv --pdeathsig SIGKILL); and without setpriv the loop itself ends within ~1 ms of its parent's death, and in
 * any case after maxSeconds (see {@link LoadProgram}).
 */
public final class HostLoop implements AutoCloseable {
    private final Process process;
    private final int cpu;

    private HostLoop(Process process, int cpu) {
        this.process = process;
        this.cpu = cpu;
    }

    /** Starts the loop and checks it is running (a CPU that is not online makes it exit at once, status 2). */
    public static HostLoop start(Path program, int cpu, int maxSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(program.toString(), "l", Integer.toString(cpu),
                Integer.toString(maxSeconds)))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        HostLoop loop = new HostLoop(BoundChildren.start(pb), cpu);
        if (loop.process.waitFor(100, TimeUnit.MILLISECONDS)) {
            throw LabsException.failed("the host loop on CPU " + cpu + " ended at once (exit status "
                    + loop.process.exitValue() + ")", "is CPU " + cpu + " online? see /sys/devices/system/cpu/online",
                    null);
        }
        return loop;
    }

    /** The loop's process id (the looping program itself: setpriv execs it in place). */
    public long pid() {
        return process.pid();
    }

    public int cpu() {
        return cpu;
    }

    /** Kills the loop and waits until it is gone, even when the caller is being interrupted. */
    @Override
    public void close() {
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
