package labs.charts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import labs.fio.Summary;
import labs.fio.sysstat.CpuSample;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * The cpu-overhead charts: one CPU's breakdown over time as stacked bars, the host's CPU under the vCPU above the
 * guest's own view (the book's point: the guest's %usr is the host's %guest), and the fixed CPU-bound job's time.
 * The states are filled with {@link ChartStyle#GREYS}: on a greyscale printout they still part, dark (%usr) at the
 * bottom of each bar to light (%idle) at the top, in the legend's order.
 */
public final class CpuOverheadCharts {
    public static final String BREAKDOWN = "cpu-breakdown.png";
    public static final String JOB_TIME = "cpu-job-time.png";

    private final ChartStyle style;
    private final boolean tcg;
    private final Conditions conditions;

    public CpuOverheadCharts(ChartStyle style, boolean tcg) {
        this(style, tcg, null);
    }

    /** @param conditions what the run was measured under: every chart's caption (null: none) */
    public CpuOverheadCharts(ChartStyle style, boolean tcg, Conditions conditions) {
        this.style = style;
        this.tcg = tcg;
        this.conditions = conditions;
    }

    private List<String> caption(String... more) {
        List<String> c = new ArrayList<>(conditions == null ? List.of() : conditions.lines(style.lang()));
        c.addAll(List.of(more));
        return c;
    }

    /**
     * Host CPU hostCpu (top) and guest CPU guestCpu (bottom), one above the other in one PNG of the style's width
     * and twice its height (side by side it was twice an A4 page's text width, and printed at half size).
     */
    public Path breakdown(List<CpuSample> host, String hostCpu, List<CpuSample> guest, String guestCpu, Path dir) {
        return PngWriter.writeStacked(breakdownCharts(host, hostCpu, guest, guestCpu), dir.resolve(BREAKDOWN));
    }

    /** The two charts {@link #breakdown} draws one above the other, before anything is drawn. */
    public List<CategoryChart> breakdownCharts(List<CpuSample> host, String hostCpu, List<CpuSample> guest,
                                               String guestCpu) {
        Lang l = style.lang();
        CategoryChart left = stacked(l.pick("ホストのCPU ", "Host CPU ") + hostCpu
                + l.pick("(vCPUの下)", " (under the vCPU)"), filter(host, hostCpu));
        CategoryChart right = stacked(l.pick("ゲストから見たCPU ", "The guest's view of CPU ") + guestCpu,
                filter(guest, guestCpu));
        return List.of(left, right);
    }

    /**
     * CPU seconds of the same CPU-bound job on host and in guest (median, error bars = half the range): on the host
     * the CPU time of the job's shell, in the guest the CPU time of the vCPU thread on the host. Wall time would
     * also count the time either waited for a CPU on a busy host.
     */
    public Path jobTime(Summary host, Summary guest, Path dir) {
        return PngWriter.write(jobTimeChart(host, guest), dir.resolve(JOB_TIME));
    }

    /** The chart {@link #jobTime} draws, before anything is drawn. */
    public CategoryChart jobTimeChart(Summary host, Summary guest) {
        Lang l = style.lang();
        CategoryChart c = new CaptionedChart(style, l.pick("同じCPU処理のCPU時間", "CPU time of the same CPU-bound job")
                + Words.tcgSuffix(l, tcg), l.pick("ジョブを実行した側", "where the job ran"),
                l.pick("CPU時間[秒]", "CPU time [s]"), caption(l.pick(
                "CPU時間: ホストはジョブのシェル、ゲストはホスト上のvCPUスレッド。誤差棒: 範囲の半分",
                "CPU time: on the host the job's shell, in the guest the vCPU thread on the host; error bars: half "
                        + "the range")));
        style.apply(c);
        c.getStyler().setLegendVisible(true);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setErrorBarsColor(java.awt.Color.BLACK);
        List<String> x = List.of(Words.side(l, "host"), Words.side(l, "guest"));
        if (host.halfRange() == 0 && guest.halfRange() == 0) {
            c.addSeries(l.pick("CPU時間", "CPU time"), x, List.of(host.median(), guest.median()));
        } else {
            c.addSeries(l.pick("CPU時間 [誤差棒: 範囲の半分]", "CPU time [bars: half the range]"), x,
                    List.of(host.median(), guest.median()),
                    List.of(host.halfRange(), guest.halfRange()));
        }
        return c;
    }

    private static List<CpuSample> filter(List<CpuSample> s, String cpu) {
        return s.stream().filter(c -> c.cpu().equals(cpu)).toList();
    }

    private CategoryChart stacked(String title, List<CpuSample> samples) {
        Lang l = style.lang();
        CategoryChart c = new CaptionedChart(style, title + Words.tcgSuffix(l, tcg),
                l.pick("経過時間[秒]", "elapsed [s]"), l.pick("CPU使用率[%]", "CPU [%]"), caption());
        style.apply(c);
        c.getStyler().setStacked(true);
        c.getStyler().setOverlapped(false);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(100.0);
        c.getStyler().setLegendPosition(LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        c.getStyler().setXAxisMaxLabelCount(12);
        c.getStyler().setSeriesColors(ChartStyle.GREYS.toArray(new java.awt.Color[0]));
        List<String> x = new ArrayList<>();
        samples.forEach(s -> x.add(fmt(s.elapsedSec())));
        if (x.isEmpty()) {
            x.add("0");
        }
        add(c, "%usr", x, samples, CpuSample::usr);
        add(c, "%sys", x, samples, CpuSample::sys);
        add(c, "%guest", x, samples, CpuSample::guest);
        add(c, "%steal", x, samples, CpuSample::steal);
        add(c, l.pick("%その他", "%other"), x, samples,
                s -> s.nice() + s.iowait() + s.irq() + s.soft() + s.gnice());
        add(c, "%idle", x, samples, CpuSample::idle);
        return c;
    }

    private static void add(CategoryChart c, String name, List<String> x, List<CpuSample> s,
                            ToDoubleFunction<CpuSample> f) {
        List<Double> y = s.isEmpty() ? List.of(0.0) : s.stream().map(f::applyAsDouble).toList();
        c.addSeries(name, x, y);
    }

    private static String fmt(double sec) {
        return sec == Math.rint(sec) ? Long.toString((long) sec) : String.format(java.util.Locale.ROOT, "%.1f", sec);
    }
}
