package labs.fio;

import java.util.Arrays;
import java.util.Collection;

/** Median and spread of repeated figures: the median resists one disturbed run; the spread says how far to trust it. */
public record Summary(int n, double median, double min, double max) {
    /** Above this relative spread ((max-min)/median) a warning tells the user the figure is noisy. */
    public static final double LARGE_SPREAD = 0.20;

    public static Summary of(Collection<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN);
        }
        int m = v.length / 2;
        double median = v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
        return new Summary(v.length, median, v[0], v[v.length - 1]);
    }

    public static Summary of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }

    /** (max - min) / median; 0 for one value. */
    public double relativeSpread() {
        return n < 2 || median == 0 ? 0 : (max - min) / median;
    }

    public boolean spreadLarge() { return relativeSpread() > LARGE_SPREAD; }

    /** Half the range, drawn as the error bar (with 3 repetitions a standard deviation means little). */
    public double halfRange() { return n < 2 ? 0 : (max - min) / 2; }
}
