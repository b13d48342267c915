package labs.classroom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One figure of one lab across the counted runs of a class, per accelerator and workload: what the charts draw
 * and the summary tabulates. KVM and TCG are separate keys, so nothing downstream can pool them.
 */
final class Distributions {
    private static final List<String> WORKLOAD_ORDER = List.of("seq-read", "seq-write", "rand-read", "rand-write");

    private Distributions() {}

    /** Accelerator to (group to values), groups in the book's order (sequential first, then numjobs). */
    static Map<String, Map<String, List<Double>>> of(ClassMerge.Result r, String lab, String figure) {
        Map<String, Map<String, List<Double>>> out = new TreeMap<>();
        List<ClassMerge.Entry> entries = r.counted().stream().filter(e -> e.run().lab().equals(lab)).toList();
        List<Figure> all = new ArrayList<>();
        entries.forEach(e -> all.addAll(e.figures()));
        List<String> groups = all.stream().filter(f -> f.figure().equals(figure)).sorted(ORDER)
                .map(Figure::group).distinct().toList();
        for (ClassMerge.Entry e : entries) {
            Map<String, List<Double>> byGroup = out.computeIfAbsent(e.run().accelerator(), a -> {
                Map<String, List<Double>> m = new LinkedHashMap<>();
                groups.forEach(g -> m.put(g, new ArrayList<>()));
                return m;
            });
            for (Figure f : e.figures()) {
                if (f.figure().equals(figure) && !f.value().isEmpty()) {
                    byGroup.get(f.group()).add(Double.parseDouble(f.value()));
                }
            }
        }
        return out;
    }

    private static final Comparator<Figure> ORDER = Comparator
            .comparingInt((Figure f) -> rank(f.workload()))
            .thenComparing(Figure::workload)
            .thenComparingInt(f -> f.numjobs().isEmpty() ? 0 : Integer.parseInt(f.numjobs()));

    private static int rank(String workload) {
        int i = WORKLOAD_ORDER.indexOf(workload);
        return i < 0 ? WORKLOAD_ORDER.size() : i;
    }

    /** The median, lower and upper quartile, min and max of sorted-on-demand values (n >= 1). */
    static double[] fiveNumbers(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        return new double[] {v.get(0), quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75), v.get(v.size() - 1)};
    }

    /** Linear interpolation between order statistics (R's type 7, what a spreadsheet's QUARTILE gives). */
    static double quantile(List<Double> sorted, double q) {
        double h = (sorted.size() - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.size() - 1);
        return sorted.get(lo) + (h - lo) * (sorted.get(hi) - sorted.get(lo));
    }
}
