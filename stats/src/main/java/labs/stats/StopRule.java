package labs.stats;

/**
 * When to stop repeating a measurement: once at least minN samples give a 95% interval of the median within ±rel of
 * it, or at maxN samples whatever it looks like (then the figure is reported as not stable, never silently).
 *
 * @param rel  the largest relative half-width accepted (0.05 = ±5%)
 * @param minN samples always taken (at least {@link MedianInterval#MIN_N_95} for an interval to exist at all)
 * @param maxN the most samples taken
 */
public record StopRule(double rel, int minN, int maxN) {
    /** What to do after a sample. */
    public enum Verdict {
        /** Take another sample. */
        MORE,
        /** Stop: the interval is as narrow as asked. */
        STABLE,
        /** Stop: maxN reached and the interval is still wider than asked (or does not exist). */
        MAX_REACHED;

        public boolean done() { return this != MORE; }
    }

    public StopRule {
        if (!(rel > 0) || minN < 1 || maxN < minN) {
            throw new IllegalArgumentException("need rel > 0 and 1 <= minN <= maxN: " + rel + " " + minN + " " + maxN);
        }
    }

    /** Exactly n samples, judged against rel at the end (a fixed --repeat). */
    public static StopRule fixed(int n, double rel) { return new StopRule(rel, n, n); }

    public Verdict check(Estimate e) {
        if (e.n() < minN) {
            return Verdict.MORE;
        }
        if (e.within(rel)) {
            return Verdict.STABLE;
        }
        return e.n() >= maxN ? Verdict.MAX_REACHED : Verdict.MORE;
    }
}
