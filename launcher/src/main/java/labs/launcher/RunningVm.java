package labs.launcher;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import labs.common.CommandRunner;
import labs.launcher.agent.GuestProcess;

/**
 * A booted guest whose agent answered: commands run inside it through {@link #exec} (it is a CommandRunner, so
 * fio and sysstat run on it exactly as on the host). Closing it shuts the guest down (destroy if it does not stop).
 */
public interface RunningVm extends CommandRunner, AutoCloseable {
    String name();

    /** The qemu-system process. */
    long pid();

    /** Host thread ids of the vCPUs (QMP query-cpus-fast), in vCPU order: what `sar -P` / pinning look at. */
    List<Long> vcpuThreadIds();

    /** The accelerator the guest actually booted with (after any fallback). */
    Accelerator accelerator();

    /** Why that accelerator (e.g. "CPU exposes no VT-x/AMD-V; KVM API answers but Linux guests need TCG here"). */
    String acceleratorReason();

    /** The data disk file on the host. */
    Path diskPath();

    /** Guest kernel release (uname -r inside). */
    String guestKernel();

    /**
     * Starts argv in the guest and returns at once, as {@code ssh host cmd} does: stdout and stderr stream into
     * out and err byte for byte, stdin (when asked for) is what the caller writes to the process.
     */
    GuestProcess start(List<String> argv, boolean stdin, OutputStream out, OutputStream err);

    /** Graceful: poweroff inside, wait, then destroy if it does not stop. */
    void shutdown();

    /** Forced: kill the qemu process and clean its socket. */
    void destroy();

    @Override
    default String side() { return "guest"; }

    @Override
    default void close() { shutdown(); }
}
