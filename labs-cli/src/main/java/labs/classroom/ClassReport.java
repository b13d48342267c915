package labs.classroom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import labs.charts.ChartStyle;
import labs.charts.ClassDistributionChart;
import labs.charts.Lang;
import labs.common.ResultFile;

/** Writes a merged class into a folder: class.csv, runs.csv, the distribution charts and class-summary.md. */
public final class ClassReport {
    public static final String SUMMARY = "class-summary.md";

    private ClassReport() {}

    /** @return the files written, the CSVs first */
    public static List<Path> write(ClassMerge.Result r, int students, Path out, ChartStyle style) {
        ClassCsv.write(r, out);
        List<Path> files = new ArrayList<>(List.of(out.resolve(ClassCsv.CLASS_CSV), out.resolve(ClassCsv.RUNS_CSV)));
        List<String> charts = new ArrayList<>();
        ClassDistributionChart chart = new ClassDistributionChart(style);
        Lang l = style.lang();
        Map<String, Map<String, List<Double>>> d = Distributions.of(r, "io-compare", "guest/host");
        d.forEach((accel, groups) -> {
            if (groups.values().stream().anyMatch(v -> !v.isEmpty())) {
                String name = "class-io-ratio-" + accel.toLowerCase(Locale.ROOT) + ".png";
                files.add(chart.write(chart.chart(l.pick("クラス全体のゲスト/ホスト比", "Guest/host ratio across the class"),
                        l.pick("ゲスト/ホスト(1.0 = 同じ速さ)", "guest/host (1.0 = as fast as the host)"), accel,
                        groups, true), out.resolve(name)));
                charts.add(name);
            }
        });
        Path summary = out.resolve(SUMMARY);
        ResultFile.writeText(summary, w -> w.write(ClassSummary.markdown(r, students, charts)));
        files.add(summary);
        return files;
    }
}
