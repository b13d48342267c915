package labs.lab;

import labs.common.i18n.SummaryText;
import labs.common.i18n.Msg;
import java.util.ArrayList;
import java.util.List;
import labs.fio.FioJob;
import labs.fio.Rw;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.stats.MedianInterval;
import labs.stats.StopRule;

/**
 * io-compare's jobs, sizes and stop rule after defaults, checked.
 *
 * @param protocol   TIMED (default): every job time-based with a ramp over the whole file; BOOK: the book's own
 *                   size-based jobs, as printed
 * @param rule       when the pairs of a job stop (±5% full, ±10% --quick; or exactly --repeat pairs)
 * @param runtimeSec the time-based jobs' measured seconds (after rampMs)
 */
record IoComparePlan(Protocol protocol, boolean quick, StopRule rule, boolean fixedPairs, long filesize,
                     long seqSize, long randSize, List<Integer> numjobs, DiskFormat format, CacheMode cache,
                     int windowSec, int runtimeSec, int rampMs) {
    /** How each job is run. */
    enum Protocol {
        /** fio --time_based --runtime --ramp_time over the whole file: long enough, whatever the disk's speed. */
        TIMED,
        /** The book's jobs as printed (128 MiB sequential, 4 MiB random): runs of 35-231 ms on a fast disk. */
        BOOK
    }

    static final double TARGET_FULL = 0.05;
    static final double TARGET_QUICK = 0.10;

    List<FioJob> jobs(String file) {
        List<FioJob> j = new ArrayList<>();
        j.add(FioJob.bookSequential(Rw.READ, file, filesize, seqSize));
        j.add(FioJob.bookSequential(Rw.WRITE, file, filesize, seqSize));
        for (Rw rw : List.of(Rw.RANDREAD, Rw.RANDWRITE)) {
            for (int n : numjobs) {
                j.add(FioJob.bookRandom(rw, file, filesize, randSize, n));
            }
        }
        return protocol == Protocol.BOOK ? j : j.stream().map(x -> x.timeBased(runtimeSec, rampMs)).toList();
    }

    FioJob windowJob(String file) {
        return new FioJob("window-randread", file, Rw.RANDREAD, 4 * FioJob.KIB, randSize, filesize, 1, true, 0,
                1, null, windowSec, true);
    }

    /** "time-based 2 s + 1 s ramp" or "book (size-based)", as the conditions show it. */
    String protocolLine() {
        return protocol == Protocol.BOOK ? Msg.get(SummaryText.COND_IO_BOOK)
                : Msg.get(SummaryText.COND_IO_TIMED, runtimeSec, rampMs);
    }

    /** "6-20 pairs until ±5%" or "exactly 3 pairs". */
    String pairsLine() {
        if (fixedPairs) {
            return rule.maxN() == 1 ? Msg.get(SummaryText.COND_IO_EXACT_PAIR)
                    : Msg.get(SummaryText.COND_IO_EXACT_PAIRS, rule.maxN());
        }
        String count = rule.minN() == rule.maxN() ? Integer.toString(rule.minN()) : rule.minN() + "-" + rule.maxN();
        return Msg.get(SummaryText.COND_IO_PAIRS_UNTIL, count, String.format(java.util.Locale.ROOT, "%.0f",
                100 * rule.rel()));
    }

    /** The stop rule for the options: --repeat fixes the count, else an interval of ±target, min 6 pairs. */
    static StopRule rule(boolean quick, Integer repeat, int maxPairs) {
        double target = quick ? TARGET_QUICK : TARGET_FULL;
        return repeat != null ? StopRule.fixed(repeat, target)
                : new StopRule(target, MedianInterval.MIN_N_95, Math.max(MedianInterval.MIN_N_95, maxPairs));
    }
}
