package labs.fio;

import java.time.Duration;

/**
 * How long a fio job may take before it counts as stalled: what it has to do at a rate far below any measured here
 * (a TCG guest on a 2-core machine at load average 10-12 did the book's 4 KiB random jobs at 380 IOPS or more, and
 * its 1 MiB sequential writes at 60 MiB/s or more), plus its own runtime and start-up. A guest whose disk stopped
 * completing requests then fails within minutes instead of waiting for ever, and a slow but working machine is
 * never cut short.
 */
public final class FioDeadline {
    /** The slowest plausible rates: 15x and 30x below the slowest a TCG guest measured under load here. */
    static final double FLOOR_IOPS = 25;
    static final double FLOOR_BYTES_PER_SEC = 2.0 * FioJob.MIB;
    /** fio's start-up, laying out a missing file's metadata, the agent's round trip. */
    static final Duration MARGIN = Duration.ofSeconds(60);

    private FioDeadline() {}

    public static Duration of(FioJob job) {
        double seconds;
        if (job.runtimeSec() > 0) {
            seconds = job.runtimeSec();   // time-based: it runs exactly that long, whatever the rate
        } else {
            double bytes = (double) job.size() * job.numjobs();
            double ops = bytes / job.bs();
            seconds = Math.max(ops / FLOOR_IOPS, bytes / FLOOR_BYTES_PER_SEC);
        }
        return MARGIN.plusSeconds((long) Math.ceil(seconds + job.rampMs() / 1000.0));
    }
}
