package labs.launcher.vm;

import java.nio.file.Path;
import java.util.List;
import labs.launcher.Accelerator;

/**
 * runtime.json: what a started VM leaves in its folder so that any labs process can find it again. The pid alone
 * is not enough after a crash (pids are reused), so the process start time from /proc/PID/stat goes with it.
 *
 * @param startTicks     field 22 of /proc/PID/stat (clock ticks after boot) when qemu was started
 * @param ready          true once the guest agent reported ready (false: still booting, or labs died meanwhile)
 * @param ownerPid       the labs process that started it
 */
public record VmRuntime(long pid, long startTicks, Accelerator accelerator, String acceleratorReason,
                        Path qmpSocket, Path agentSocket, Path consoleLog, List<Long> vcpuThreadIds,
                        String guestKernel, boolean ready, long ownerPid, String startedAt) {

    public VmRuntime {
        vcpuThreadIds = vcpuThreadIds == null ? List.of() : List.copyOf(vcpuThreadIds);
    }

    public VmRuntime readyWith(List<Long> threads, String kernel) {
        return new VmRuntime(pid, startTicks, accelerator, acceleratorReason, qmpSocket, agentSocket, consoleLog,
                threads, kernel, true, ownerPid, startedAt);
    }

    /** True when this exact process (same pid and start time) still exists. */
    public boolean processAlive() {
        return ProcessStat.startTicks(pid).map(t -> t == startTicks).orElse(false);
    }
}
