package labs.lab.sched;

import labs.common.i18n.Msg;
import labs.common.i18n.ProgressText;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How busy each host CPU is before the experiment, from two readings of /proc/stat: the "idle" condition is only
 * idle if nothing else runs on that CPU, and on a shared machine something often does (another user's job, a build).
 * The lab records it and says so, with the least busy CPU to use instead.
 */
public final class CpuBusy {
    private CpuBusy() {}

    /** Percent busy per CPU (index = CPU number) of host (this machine, or the libvirt host) over interval ms. */
    public static double[] sample(HostProc host, long intervalMs) throws IOException, InterruptedException {
        long[][] a = read(host.read("/proc/stat").lines().toList());
        Thread.sleep(intervalMs);
        long[][] b = read(host.read("/proc/stat").lines().toList());
        return busy(a, b);
    }

    /** {total, idle + iowait} per "cpuN" line, in CPU order. */
    static long[][] read(List<String> procStat) {
        List<String> cpus = procStat.stream().filter(l -> l.matches("cpu[0-9]+ .*")).toList();
        long[][] t = new long[cpus.size()][];
        for (String line : cpus) {
            String[] f = line.trim().split("\\s+");
            int n = Integer.parseInt(f[0].substring(3));
            long total = 0;
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                total += Long.parseLong(f[i]);
            }
            if (n < t.length) {
                t[n] = new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
            }
        }
        return t;
    }

    static double[] busy(long[][] before, long[][] after) {
        double[] pct = new double[Math.min(before.length, after.length)];
        for (int i = 0; i < pct.length; i++) {
            if (before[i] == null || after[i] == null) {
                continue;
            }
            long total = after[i][0] - before[i][0];
            long idle = after[i][1] - before[i][1];
            pct[i] = total <= 0 ? 0 : 100.0 * (total - idle) / total;
        }
        return pct;
    }

    /** A sentence for when cpu was busier than threshold %, naming the least busy CPU; empty otherwise. */
    public static Optional<String> warning(double[] busy, int cpu, double threshold) {
        if (cpu >= busy.length || busy[cpu] <= threshold) {
            return Optional.empty();
        }
        int best = 0;
        for (int i = 1; i < busy.length; i++) {
            best = busy[i] < busy[best] ? i : best;
        }
        String other = best == cpu || busy[best] > threshold ? Msg.get(ProgressText.CPU_ALL_BUSY)
                : Msg.get(ProgressText.CPU_TRY_OTHER, best, String.format(Locale.ROOT, "%.0f", busy[best]));
        return Optional.of(Msg.get(ProgressText.CPU_ALREADY_BUSY, cpu, String.format(Locale.ROOT, "%.0f", busy[cpu]),
                other));
    }
}
