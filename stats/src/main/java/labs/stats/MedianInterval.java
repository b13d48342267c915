package labs.stats;

import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * The distribution-free confidence interval of a median: between two order statistics x(k) and x(n+1-k), whose
 * coverage follows from the binomial distribution with p = 1/2 alone (each sample falls below the true median with
 * probability 1/2, whatever the figures' distribution). Disk and CPU timings are skewed and have outliers, so no
 * normal-theory interval is used. For 95% the smallest sample with an interval is 6 (then x(1)..x(6), 96.9%).
 */
public final class MedianInterval {
    /** The smallest n with a two-sided 95% interval: 2 * 0.5^6 = 3.1% <= 5%, while 2 * 0.5^5 = 6.25% is not. */
    public static final int MIN_N_95 = 6;

    private MedianInterval() {}

    /**
     * The 1-based ranks (k, n+1-k) of the widest-k interval with at least the given coverage, or null when n is
     * too small for any: the largest k with 2 * P(B <= k-1) <= 1 - level, B ~ Binomial(n, 1/2).
     */
    public static int[] ranks(int n, double level) {
        if (n < 1 || !(level > 0 && level < 1)) {
            return null;
        }
        BinomialDistribution b = BinomialDistribution.of(n, 0.5);
        double alphaHalf = (1 - level) / 2;
        int k = 0;
        while (k + 1 <= (n + 1) / 2 && b.cumulativeProbability(k) <= alphaHalf) {
            k++;   // P(B <= k) is the chance that x(k+1) lies above the median
        }
        return k == 0 ? null : new int[] {k, n + 1 - k};
    }

    /** The coverage of the interval between ranks (k, n+1-k): 1 - 2 P(B <= k-1). */
    public static double coverage(int n, int k) {
        return 1 - 2 * BinomialDistribution.of(n, 0.5).cumulativeProbability(k - 1);
    }
}
