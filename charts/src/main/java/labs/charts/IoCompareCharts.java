package labs.charts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import labs.common.i18n.Term;
import labs.fio.FioJob;
import labs.fio.Measurement;
import labs.fio.Summary;
import labs.stats.Estimate;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * The io-compare charts: host vs guest as grouped bars (median of the repetitions; error bars = the 95% interval of
 * the median, its wider side, or half the range below 6 repetitions): sequential bandwidth, random IOPS by numjobs
 * (one chart per direction), and the guest/host ratio per workload (pair by pair when the runs were paired). Every
 * chart carries the run's conditions as its caption.
 */
public final class IoCompareCharts {
    public static final String SEQ_BANDWIDTH = "io-seq-bandwidth.png";
    public static final String RAND_READ_IOPS = "io-rand-read-iops.png";
    public static final String RAND_WRITE_IOPS = "io-rand-write-iops.png";
    public static final String RATIO = "io-guest-host-ratio.png";

    private final ChartStyle style;
    private final boolean tcg;
    private final Conditions conditions;
    private final boolean paired;

    /** @param tcg the guest ran under TCG: every title says the overhead is emulation */
    public IoCompareCharts(ChartStyle style, boolean tcg) {
        this(style, tcg, null, false);
    }

    /**
     * @param conditions what the run was measured under (every chart's caption), or null when unknown (an import)
     * @param paired     repetition k of the host and of the guest were a pair: ratios are taken pair by pair
     */
    public IoCompareCharts(ChartStyle style, boolean tcg, Conditions conditions, boolean paired) {
        this.style = style;
        this.tcg = tcg;
        this.conditions = conditions;
        this.paired = paired;
    }

    /** Renders every chart the measurements allow into dir; returns the files written. */
    public List<Path> render(List<Measurement> rows, Path dir) {
        List<Path> out = new ArrayList<>();
        charts(rows).forEach((file, chart) -> out.add(PngWriter.write(chart, dir.resolve(file))));
        return out;
    }

    /** Every chart the measurements allow, by the file name render gives it, before anything is drawn. */
    public Map<String, CategoryChart> charts(List<Measurement> rows) {
        Map<String, CategoryChart> out = new LinkedHashMap<>();
        Lang l = style.lang();
        List<String> sides = rows.stream().map(Measurement::side).distinct().toList();
        List<String> seq = List.of("seq-read", "seq-write").stream()
                .filter(w -> rows.stream().anyMatch(m -> m.workload().equals(w))).toList();
        if (!seq.isEmpty()) {
            CategoryChart c = bars(l.pick(Words.term(l, Term.SEQUENTIAL_IO) + "の" + Words.term(l, Term.THROUGHPUT),
                    "Sequential I/O bandwidth"), Words.term(l, Term.WORKLOAD),
                    Words.term(l, Term.THROUGHPUT) + l.pick("[MiB/秒]", " [MiB/s]"));
            for (String side : sides) {
                List<String> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                List<Double> err = new ArrayList<>();
                for (String w : seq) {
                    Summary s = summary(rows, side, w, 1);
                    x.add(Words.workload(l, w));
                    y.add(s.n() == 0 ? 0 : s.median() / FioJob.MIB);
                    err.add(errorBar(rows, side, w, 1) / FioJob.MIB);
                }
                addSeries(c, Words.side(l, side) + BARS.apply(l), x, y, err);
            }
            out.put(SEQ_BANDWIDTH, c);
        }
        for (String w : List.of("rand-read", "rand-write")) {
            Set<Integer> numjobs = rows.stream().filter(m -> m.workload().equals(w)).map(Measurement::numjobs)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (numjobs.isEmpty()) {
                continue;
            }
            CategoryChart c = bars(Words.workload(l, w) + l.pick("のIOPS", " IOPS"), Words.term(l, Term.NUMJOBS),
                    "IOPS");
            for (String side : sides) {
                List<String> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                List<Double> err = new ArrayList<>();
                for (int n : numjobs) {
                    Summary s = summary(rows, side, w, n);
                    x.add(Integer.toString(n));
                    y.add(s.n() == 0 ? 0 : s.median());
                    err.add(errorBar(rows, side, w, n));
                }
                addSeries(c, Words.side(l, side) + BARS.apply(l), x, y, err);
            }
            out.put(w.equals("rand-read") ? RAND_READ_IOPS : RAND_WRITE_IOPS, c);
        }
        Map<String, Estimate> ratios = paired ? pairedRatios(rows) : new LinkedHashMap<>();
        if (!paired) {
            ratios(rows).forEach((k, v) -> ratios.put(k, Estimate.of(v)));
        }
        if (!ratios.isEmpty()) {
            CategoryChart c = bars(l.pick("ゲスト/ホスト比(1なら同等)", "Guest / host ratio (1 = same)"),
                    l.pick(Words.term(l, Term.WORKLOAD) + "(" + Words.term(l, Term.NUMJOBS) + "N = fioのnumjobs)", "workload (njN = N parallel fio jobs, numjobs)"),
                    l.pick("ゲスト/ホスト比(1 = 同等)", "guest / host ratio (1 = same)"));
            c.getStyler().setXAxisLabelRotation(45);
            c.getStyler().setYAxisDecimalPattern("0.00");
            List<Double> err = ratios.values().stream().map(e -> e.hasInterval()
                    ? Math.max(e.median() - e.low(), e.high() - e.median()) : 0.0).toList();
            addSeries(c, l.pick("ゲスト/ホスト", "guest/host") + (paired ? l.pick("(ペアごとの比の中央値)",
                    " (median of pair ratios)") : "") + BARS.apply(l), List.copyOf(localise(ratios.keySet())),
                    ratios.values().stream().map(Estimate::median).toList(), err);
            reference(c, localise(ratios.keySet()));
            out.put(RATIO, c);
        }
        return out;
    }

    /**
     * guest/host ratio of the medians per workload (and numjobs for random jobs), keyed "seq-read", "rand-read x4".
     * Empty unless both sides were measured.
     */
    public static Map<String, Double> ratios(List<Measurement> rows) {
        Map<String, Double> r = new LinkedHashMap<>();
        Set<String> keys = new LinkedHashSet<>();
        rows.forEach(m -> keys.add(m.workload() + "\u0000" + m.numjobs()));
        for (String k : keys) {
            String[] p = k.split("\u0000");
            int n = Integer.parseInt(p[1]);
            Summary h = summary(rows, "host", p[0], n);
            Summary g = summary(rows, "guest", p[0], n);
            if (h.n() > 0 && g.n() > 0 && h.median() > 0) {
                r.put(p[0].startsWith("seq") ? p[0] : p[0] + " x" + n, g.median() / h.median());
            }
        }
        return r;
    }

    /** What the error bars are, in every series' legend entry. */
    static final java.util.function.Function<Lang, String> BARS = l -> l.pick(" [誤差棒: 中央値の" + Term.INTERVAL.in(labs.common.i18n.Language.JA) + "]",
            " [bars: 95% interval of the median]");

    /** guest/host per pair (repetition k of each side), by workload, with its median and interval. */
    public static Map<String, Estimate> pairedRatios(List<Measurement> rows) {
        Map<String, List<Double>> byKey = new LinkedHashMap<>();
        for (Measurement h : rows) {
            if (!h.side().equals("host")) {
                continue;
            }
            rows.stream().filter(g -> g.side().equals("guest") && g.workload().equals(h.workload())
                    && g.numjobs() == h.numjobs() && g.repetition() == h.repetition()).findFirst()
                    .ifPresent(g -> byKey.computeIfAbsent(h.workload().startsWith("seq") ? h.workload()
                            : h.workload() + " x" + h.numjobs(), k -> new ArrayList<>()).add(g.figure() / h.figure()));
        }
        Map<String, Estimate> out = new LinkedHashMap<>();
        byKey.forEach((k, v) -> out.put(k, Estimate.of(v)));
        return out;
    }

    /** The wider side of the 95% interval of the median; half the range when the runs are too few for one. */
    private static double errorBar(List<Measurement> rows, String side, String workload, int numjobs) {
        List<Double> v = rows.stream().filter(m -> m.side().equals(side) && m.workload().equals(workload)
                && (m.workload().startsWith("seq") || m.numjobs() == numjobs)).map(Measurement::figure).toList();
        Estimate e = Estimate.of(v);
        return e.hasInterval() ? Math.max(e.median() - e.low(), e.high() - e.median()) : Summary.of(v).halfRange();
    }

    private List<String> localise(Set<String> keys) {
        Lang l = style.lang();
        return keys.stream().map(k -> {
            String[] p = k.split(" x");
            return Words.shortWorkload(l, p[0]) + (p.length > 1 ? " " + Term.NUMJOBS.brief(l.language()) + p[1] : "");
        }).toList();
    }

    public static Summary summary(List<Measurement> rows, String side, String workload, int numjobs) {
        return Summary.of(rows.stream().filter(m -> m.side().equals(side) && m.workload().equals(workload)
                && (m.workload().startsWith("seq") || m.numjobs() == numjobs)).map(Measurement::figure).toList());
    }

    /** Error bars only when there is a spread: XChart's axis otherwise reaches below zero. */
    private static void addSeries(CategoryChart c, String name, List<String> x, List<Double> y, List<Double> err) {
        if (err.stream().allMatch(e -> e == 0)) {
            c.addSeries(name, x, y);
        } else {
            c.addSeries(name, x, y, err);
        }
    }

    /** The name of the ratio chart's line at 1.0 (same speed on both sides): a series so that the legend names it. */
    static String referenceName(Lang l) { return l.pick("1.0 = 同等", "1.0 = same"); }

    /**
     * A dashed black line at 1.0 across the ratio chart: a bar above or below it reads at a glance, and in grey too.
     * The bars are overlapped (one bar series), so the line is not given a slot of its own in each group.
     */
    private void reference(CategoryChart c, List<String> x) {
        c.getStyler().setOverlapped(true);
        double top = c.getSeriesMap().values().stream().flatMap(s -> {
            List<Double> v = new ArrayList<>();
            var ys = s.getYData().iterator();
            var es = s.getExtraValues() == null ? null : s.getExtraValues().iterator();
            while (ys.hasNext()) {
                v.add(ys.next().doubleValue() + (es == null ? 0 : es.next().doubleValue()));
            }
            return v.stream();
        }).mapToDouble(Double::doubleValue).max().orElse(1);
        c.getStyler().setYAxisMax(Math.ceil(Math.max(1.0, top) * 1.15 * 10) / 10);
        org.knowm.xchart.CategorySeries one = c.addSeries(referenceName(style.lang()), x,
                x.stream().map(k -> 1.0).toList());
        one.setChartCategorySeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Line);
        one.setLineColor(java.awt.Color.BLACK);
        one.setLineStyle(new java.awt.BasicStroke(3f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                10f, new float[] {12f, 8f}, 0f));
        one.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
    }

    private CategoryChart bars(String title, String xTitle, String yTitle) {
        Lang l = style.lang();
        List<String> caption = new ArrayList<>(conditions == null ? List.of() : conditions.lines(l));
        caption.add(l.pick("誤差棒: 中央値の95%信頼区間(広い側)。6回未満では範囲の半分",
                "error bars: 95% interval of the median (its wider side); half the range below 6 repetitions"));
        CategoryChart c = new CaptionedChart(style, title + Words.tcgSuffix(l, tcg), xTitle, yTitle, caption);
        style.apply(c);
        // under the plot: inside it, the legend covered the tallest bars and the ratio chart's line at 1.0
        c.getStyler().setLegendPosition(LegendPosition.OutsideS);
        c.getStyler().setErrorBarsColor(java.awt.Color.BLACK);
        c.getStyler().setYAxisMin(0.0);
        // Grouped thousands (105,000) instead of XChart's default 1.05E5, which a handout reader should not decode.
        c.getStyler().setYAxisDecimalPattern("#,##0");
        return c;
    }
}
