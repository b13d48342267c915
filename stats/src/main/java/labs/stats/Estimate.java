package labs.stats;

import java.util.Arrays;
import java.util.Collection;

/**
 * One figure with its uncertainty: the median of n samples, its distribution-free 95% interval (NaN bounds when n
 * is too small for one, see {@link MedianInterval}), and the coefficient of variation (sample standard deviation /
 * mean; NaN below two samples).
 */
public record Estimate(int n, double median, double low, double high, double cv) {
    public static final double LEVEL = 0.95;

    public static Estimate of(Collection<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    public static Estimate of(double... values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        if (n == 0) {
            return new Estimate(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        int[] r = MedianInterval.ranks(n, LEVEL);
        double low = r == null ? Double.NaN : v[r[0] - 1];
        double high = r == null ? Double.NaN : v[r[1] - 1];
        return new Estimate(n, median, low, high, cv(v));
    }

    private static double cv(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        double ss = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
        return Math.sqrt(ss / (v.length - 1)) / mean;
    }

    public boolean hasInterval() { return !Double.isNaN(low); }

    /**
     * The interval's wider side as a fraction of the median (0.05 = "within ±5%"); infinite without an interval.
     * The interval of a median is not symmetric: the wider side is what "within ±x%" must bound.
     */
    public double relativeHalfWidth() {
        if (!hasInterval() || median == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(median - low, high - median) / Math.abs(median);
    }

    /** Both bounds within ±rel of the median. */
    public boolean within(double rel) { return relativeHalfWidth() <= rel; }

    /** The interval holds x (for a ratio: 1.0 means no measurable difference); false without an interval. */
    public boolean contains(double x) { return hasInterval() && low <= x && x <= high; }
}
