package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.LabsException;

/**
 * Pins vCPU threads to host CPUs, as libvirt does for {@code <vcpu cpuset=...>} and virt-install for the book's
 * {@code --cpuset=0}: with {@code taskset -p -c CPUS TID} on each thread QMP named.
 */
public final class VcpuPinner {
    private VcpuPinner() {}

    /** A cpuset as libvirt and taskset write it: "0", "0,1". Empty when not pinned. */
    public static String text(List<Integer> cpuset) {
        return String.join(",", cpuset.stream().map(String::valueOf).toList());
    }

    public static void pin(List<Long> threadIds, List<Integer> cpuset) {
        if (cpuset.isEmpty()) {
            return;
        }
        String cpus = text(cpuset);
        for (long tid : threadIds) {
            List<String> argv = new ArrayList<>(List.of(taskset(), "-p", "-c", cpus, Long.toString(tid)));
            try {
                ExecResult r = HostRunner.INSTANCE.exec(argv, Duration.ofSeconds(10));
                if (!r.ok()) {
                    throw LabsException.failed(Msg.get(LauncherText.PIN_FAILED, tid, cpus),
                            r.tail(3), null);
                }
            } catch (IOException e) {
                throw new LabsException(Msg.get(LauncherText.PIN_CANNOT_RUN), e.getMessage(),
                        "sudo apt-get install -y util-linux");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw LabsException.failed(Msg.get(LauncherText.PIN_INTERRUPTED), null, e);
            }
        }
    }

    /** The CPUs a thread may run on, as the kernel reports it (Cpus_allowed_list), e.g. "0" or "0-1". */
    public static String allowedCpus(long pid, long tid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "task", Long.toString(tid),
                    "status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // thread gone
        }
        return "";
    }

    /** Checks a cpuset against the CPUs this machine has, before anything is written. */
    public static void check(List<Integer> cpuset) {
        int n = Runtime.getRuntime().availableProcessors();
        for (int c : cpuset) {
            if (c < 0 || c >= n) {
                throw labs.common.LabsException.usage(Msg.get(VmText.CPUSET_NO_CPU, c, n - 1),
                        Msg.get(VmText.CPUSET_NO_CPU_FIX, n - 1));
            }
        }
    }

    private static String taskset() {
        Path p = HostRunner.which("taskset");
        return p == null ? "taskset" : p.toString();
    }
}
