package labs.fio;

import labs.common.i18n.FioText;
import labs.common.i18n.Msg;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import labs.common.CommandRunner;
import labs.common.ExecResult;
import labs.common.LabsException;

/**
 * A fixed CPU-bound job that runs unchanged on host and guest: busybox sh counting to N in shell arithmetic (the
 * guest's busybox is the host's own binary, so both sides run the same instructions). It times itself from
 * /proc/uptime inside the side that runs it (10 ms resolution), so the agent's round trip is not counted, and
 * reads its own CPU time (utime + stime of /proc/$$/stat, in clock ticks) before and after.
 * The script is a constant; N is passed as an argument, never spliced into the text.
 */
public final class CpuBoundJob {
    static final String SCRIPT = "read s0 < /proc/$$/stat; read t0 x < /proc/uptime; i=0; "
            + "while [ $i -lt $1 ]; do i=$((i+1)); done; read t1 x < /proc/uptime; read s1 < /proc/$$/stat; "
            + "echo $t0 $t1; echo \"$s0\"; echo \"$s1\"";
    /** USER_HZ: the unit of utime and stime in /proc/PID/stat, 100 on every Linux architecture labs runs on. */
    public static final double TICKS_PER_SECOND = 100;

    /**
     * One run's times: wall seconds, and the CPU seconds of the process that counted (what it used of a CPU, leaving
     * out the time it waited for one on a busy machine).
     */
    public record Timing(double wallSec, double cpuSec) {}
    /** An endless loop, for the book's inf-loop experiment; bounded from outside by timeout. */
    static final String LOOP = "while :; do :; done";

    private CpuBoundJob() {}

    /**
     * Runs the job and returns its seconds.
     *
     * @param pinCpu host CPU to pin to with taskset, or -1 (the guest's vCPU is pinned by the launcher instead)
     */
    public static double run(CommandRunner side, long iterations, int pinCpu, Duration timeout)
            throws IOException, InterruptedException {
        return timed(side, iterations, pinCpu, timeout).wallSec();
    }

    /** As {@link #run}, with the job's own CPU time beside its wall time. */
    public static Timing timed(CommandRunner side, long iterations, int pinCpu, Duration timeout)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        if (pinCpu >= 0) {
            argv.addAll(List.of("taskset", "-c", Integer.toString(pinCpu)));
        }
        argv.addAll(List.of("busybox", "sh", "-c", SCRIPT, "cpu-job", Long.toString(iterations)));
        ExecResult r = side.exec(argv, timeout);
        if (!r.ok()) {
            throw LabsException.failed(Msg.get(FioText.CPU_JOB_FAILED, FioText.side(side.side())), r.tail(3), null);
        }
        List<String> lines = r.stdout().strip().lines().toList();
        double wall = parseSeconds(lines.isEmpty() ? "" : lines.get(0), side.side());
        double cpu = lines.size() == 3 ? (statTicks(lines.get(2)) - statTicks(lines.get(1))) / TICKS_PER_SECOND
                : Double.NaN;
        return new Timing(wall, cpu);
    }

    /** utime + stime of one /proc/PID/stat line (fields 14 and 15; the name in parentheses may hold spaces). */
    public static long statTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static double parseSeconds(String out, String side) {
        String[] t = out.strip().split("\\s+");
        try {
            return Double.parseDouble(t[1]) - Double.parseDouble(t[0]);
        } catch (RuntimeException e) {
            throw LabsException.failed(Msg.get(FioText.CPU_JOB_UNEXPECTED, FioText.side(side), out.strip()),
                    Msg.get(FioText.CPU_JOB_UNEXPECTED_WHY, "/proc/uptime"), e);
        }
    }

    /** The endless loop for seconds, ended by busybox timeout (its exit status 143 is expected, not a failure). */
    public static List<String> loopArgv(int seconds) {
        return List.of("busybox", "timeout", Integer.toString(seconds), "busybox", "sh", "-c", LOOP);
    }

    public static String describe(long iterations) {
        return String.format(Locale.ROOT, "busybox sh counting to %d", iterations);
    }
}
