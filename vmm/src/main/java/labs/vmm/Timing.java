package labs.vmm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A span of time measured two ways: wall-clock time, and CPU time of the thread that ran it (guest time, VMM
 * code and KVM's work in the kernel all count as that thread's CPU time). On a busy machine the wall time also
 * holds the time the thread waited for a CPU; the CPU time does not.
 */
public record Timing(long wallNanos, long cpuNanos) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Now, on the calling thread. */
    public static Timing now() {
        return new Timing(System.nanoTime(), THREADS.getCurrentThreadCpuTime());
    }

    /** this - earlier. */
    public Timing since(Timing earlier) {
        return new Timing(wallNanos - earlier.wallNanos, cpuNanos - earlier.cpuNanos);
    }
}
