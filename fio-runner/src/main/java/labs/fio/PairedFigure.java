package labs.fio;

import java.util.List;
import labs.stats.Estimate;
import labs.stats.StopRule;

/**
 * What the pairs of one job say: each side's figure and the guest/host ratio (computed pair by pair), each with its
 * median, 95% interval and CV, and why the pairs stopped.
 *
 * @param shortestRunMs the shortest run of either side (a run under a second measures fio's start more than the disk)
 */
public record PairedFigure(String workload, int numjobs, Estimate host, Estimate guest, Estimate ratio,
                           StopRule.Verdict verdict, double target, long shortestRunMs) {
    /** A run shorter than this is reported: it measures fio's start-up and the first requests, not a steady disk. */
    public static final long SHORT_RUN_MS = 1000;

    public static PairedFigure of(List<PairSample> pairs, StopRule.Verdict verdict, StopRule rule) {
        PairSample p0 = pairs.get(0);
        long shortest = pairs.stream().mapToLong(p -> Math.min(p.hostMs(), p.guestMs())).min().orElse(0);
        return new PairedFigure(p0.workload(), p0.numjobs(),
                Estimate.of(pairs.stream().map(PairSample::host).toList()),
                Estimate.of(pairs.stream().map(PairSample::guest).toList()),
                Estimate.of(pairs.stream().map(PairSample::ratio).toList()), verdict, rule.rel(), shortest);
    }

    public boolean sequential() { return workload.startsWith("seq"); }

    /** The ratio's interval is as narrow as asked. */
    public boolean stable() { return ratio.within(target); }

    /** The ratio's interval holds 1.0: the guest and the host did not measurably differ. */
    public boolean noDifference() { return ratio.contains(1.0); }

    /** The guest measurably faster than the host: an anomaly to explain (see the lab's checks). */
    public boolean guestFaster() { return ratio.hasInterval() ? ratio.low() > 1.0 : ratio.median() > 1.0; }

    /** "seq-read" or "rand-read x4". */
    public String label() { return sequential() ? workload : workload + " x" + numjobs; }
}
