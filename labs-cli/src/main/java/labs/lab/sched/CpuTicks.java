package labs.lab.sched;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import labs.common.CommandRunner;
import labs.common.ExecResult;
import labs.common.LabsException;
import labs.common.i18n.LabText;
import labs.common.i18n.Msg;

/**
 * Reading the kernels' CPU accounting before and after a run: the guest's aggregate "cpu" line of /proc/stat (its
 * steal column) and the host's /proc/PID/task/TID/stat of the vCPU thread (utime, and guest_time: field 43, which
 * counts only under KVM). Both in clock ticks (USER_HZ, 100 a second on Linux x86-64).
 */
public final class CpuTicks {
    private CpuTicks() {}

    static final double USER_HZ = 100;

    /** The guest's /proc/stat "cpu" line: {total of all columns, steal}. */
    public static long[] guestStat(CommandRunner guest) throws IOException, InterruptedException {
        ExecResult r = guest.exec(List.of("busybox", "head", "-n", "1", "/proc/stat"), Duration.ofSeconds(30));
        if (!r.ok()) {
            throw LabsException.failed(Msg.get(LabText.CT_CANNOT_READ), r.tail(3), null);
        }
        return parseStat(r.stdout());
    }

    /** {total, steal} of a /proc/stat "cpu" line: user nice system idle iowait irq softirq steal guest guest_nice. */
    static long[] parseStat(String line) {
        String[] f = line.strip().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 9) {
            throw LabsException.failed(Msg.get(LabText.STAT_LINE_UNEXPECTED, "/proc/stat", line.strip()),
                    Msg.get(LabText.STAT_LINE_UNEXPECTED_WHY), null);
        }
        long total = 0;
        for (int i = 1; i <= Math.min(8, f.length - 1); i++) {   // guest and guest_nice are already in user/nice
            total += Long.parseLong(f[i]);
        }
        return new long[] {total, Long.parseLong(f[8])};
    }

    /**
     * The host's view of thread tid of process pid (-1 when not known here: a remote host's QEMU): {utime,
     * guest_time} in ticks.
     */
    public static long[] thread(HostProc host, long pid, long tid) throws IOException, InterruptedException {
        return parseThread(host.read(HostProc.threadStat(pid, tid)));
    }

    /** Fields after the command name, which is in parentheses and may hold spaces: utime is 14, guest_time 43. */
    static long[] parseThread(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).strip().split("\\s+");
        // f[0] is field 3 (state)
        return new long[] {Long.parseLong(f[14 - 3]), Long.parseLong(f[43 - 3])};
    }

    /** Percent of wallMs that the tick difference after - before is. */
    static double pct(long before, long after, double wallMs) {
        return wallMs <= 0 ? 0 : 100 * (after - before) / USER_HZ / (wallMs / 1000);
    }

    /**
     * The view over one guest run from the readings before and after it: the guest's steal share of its own ticks
     * (null under TCG: no steal clock), the vCPU thread's user and guest time as percent of the wall time.
     */
    public static SchedSummary.CpuView view(long[] statBefore, long[] statAfter, long[] threadBefore,
                                            long[] threadAfter, double wallMs, boolean tcg) {
        long total = statAfter[0] - statBefore[0];
        Double steal = tcg ? null : total <= 0 ? 0.0 : 100.0 * (statAfter[1] - statBefore[1]) / total;
        return new SchedSummary.CpuView(steal, pct(threadBefore[0], threadAfter[0], wallMs),
                pct(threadBefore[1], threadAfter[1], wallMs));
    }
}
