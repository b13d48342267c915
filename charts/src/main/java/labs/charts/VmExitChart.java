package labs.charts;

import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.CategoryChart;

/**
 * The vm-exit lab's charts. Both use a logarithmic axis: the figures span four orders of magnitude (a loop
 * iteration is under a nanosecond, an exit to user space tens of microseconds, an emulated iteration microseconds).
 */
public final class VmExitChart {
    public static final String LOOP = "vm-exit-loop.png";
    public static final String COSTS = "vm-exit-costs.png";

    /**
     * One bar: a label in both languages and the median value.
     *
     * @param value median of the repetitions (ns per iteration, or microseconds per operation)
     */
    public record Bar(String ja, String en, double value) {}

    private final ChartStyle style;
    private final Conditions conditions;

    public VmExitChart(ChartStyle style) { this(style, null); }

    /** @param conditions what the run was measured under: every chart's caption (null: none) */
    public VmExitChart(ChartStyle style, Conditions conditions) {
        this.style = style;
        this.conditions = conditions;
    }

    /**
     * CPU nanoseconds per loop iteration (the CPU time of the thread that ran the code: wall time also counts the
     * time it waited for a CPU, which swung the guest/host ratio from 0.79 to 1.78 between two runs on a busy host
     * while the CPU-time ratio stayed at 1.04): the same machine code on the host, in a CPL3 guest, in a CPL0 guest.
     */
    public Path loop(List<Bar> bars, Path dir) {
        return PngWriter.write(loopChart(bars), dir.resolve(LOOP));
    }

    /** The chart {@link #loop} draws, before anything is drawn. */
    public CategoryChart loopChart(List<Bar> bars) {
        Lang l = style.lang();
        return bars(bars,
                l.pick("同じループ1回のCPU時間(ホストとゲスト)", "CPU time of one iteration of the same loop: host vs guest"),
                l.pick("1回あたりのCPU時間[ナノ秒](対数)", "CPU time per iteration [ns] (log)"));
    }

    /** Microseconds per operation: exits handled in user space or the kernel, page touches. */
    public Path costs(List<Bar> bars, Path dir) {
        return PngWriter.write(costsChart(bars), dir.resolve(COSTS));
    }

    /** The chart {@link #costs} draws, before anything is drawn. */
    public CategoryChart costsChart(List<Bar> bars) {
        Lang l = style.lang();
        return bars(bars,
                l.pick("VM exit 1回とページ初回アクセスのコスト", "What one VM exit and one page first touch cost"),
                l.pick("1回あたりの時間[マイクロ秒](対数)", "time per operation [µs] (log)"));
    }

    private CategoryChart bars(List<Bar> bars, String title, String yTitle) {
        Lang l = style.lang();
        List<String> caption = conditions == null ? List.of() : conditions.lines(l);
        CategoryChart c = new CaptionedChart(style, title, "", yTitle, caption);
        style.apply(c);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setYAxisLogarithmic(true);
        // Bars start at 0 unless told otherwise, and a log axis cannot: start one decade below the smallest bar.
        double min = bars.stream().mapToDouble(Bar::value).filter(v -> v > 0).min().orElse(1);
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(10);
        c.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
        c.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max * 1.5))));
        c.getStyler().setLabelsVisible(true);
        c.getStyler().setLabelsFont(style.font(java.awt.Font.PLAIN, 16));
        c.getStyler().setLabelsPosition(0.98);
        c.getStyler().setLabelsFontColorAutomaticEnabled(false);
        c.getStyler().setLabelsFontColor(java.awt.Color.BLACK);
        c.getStyler().setYAxisDecimalPattern("#,##0.###");
        // a value of 0 (too small to resolve) is drawn at the axis floor rather than breaking the log axis
        double floor = c.getStyler().getYAxisMin();
        c.addSeries(l.pick("中央値", "median"), bars.stream().map(b -> l.pick(b.ja(), b.en())).toList(),
                bars.stream().map(b -> Math.max(b.value(), floor)).toList());
        return c;
    }
}
