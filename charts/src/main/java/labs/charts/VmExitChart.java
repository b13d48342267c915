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
                l.pick("同じループ1回のCPU時間(ホストとゲスト)", "One iteration of the same loop: host vs guest"),
                l.pick("ループを実行した場所(CPL = 特権リング)", "where the loop ran (CPL = privilege ring)"),
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
                l.pick("ゲストの操作(→ 処理した側)", "guest operation (→ where it was handled)"),
                l.pick("1回あたりの時間[マイクロ秒](対数)", "time per operation [µs] (log)"));
    }

    /**
     * Under software nested KVM (kvm_pvm) the guest's ring 0 is not the CPU's: PVM runs the guest kernel in ring 3
     * and does in software what VT-x does in hardware, so a CPL0 figure or an exit's cost there is PVM's. Every
     * chart says so in its title and its caption; on other machines this is empty.
     */
    static List<String> ringZeroCaveat(Lang l, Conditions c) {
        if (c == null || c.accel() != Conditions.Accel.KVM_PVM) {
            return List.of();
        }
        return List.of(l.pick(" [kvm_pvm: リング0はエミュレート]", " [kvm_pvm: ring 0 emulated]"), l.pick(
                "kvm_pvm: ゲストのリング0(CPL0)はエミュレートされる。PVMはゲストのカーネルをリング3で動かし、特権命令と"
                        + "ページテーブルをソフトウェアで処理する: CPL0とVM exitの費用はPVMのものであり、VT-xのものではない",
                "kvm_pvm: the guest's ring 0 (CPL0) is emulated. PVM runs the guest kernel in ring 3 and handles its "
                        + "privileged instructions and page tables in software: CPL0 and VM exit costs are PVM's, "
                        + "not VT-x's"));
    }

    private CategoryChart bars(List<Bar> bars, String title, String xTitle, String yTitle) {
        Lang l = style.lang();
        List<String> caption = new java.util.ArrayList<>(conditions == null ? List.of() : conditions.lines(l));
        List<String> ring0 = ringZeroCaveat(l, conditions);
        if (!ring0.isEmpty()) {
            title += ring0.get(0);
            caption.add(ring0.get(1));
        }
        CategoryChart c = new CaptionedChart(style, title, xTitle, yTitle, caption);
        style.apply(c);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setYAxisLogarithmic(true);
        // Bars start at 0 unless told otherwise, and a log axis cannot: start one decade below the smallest bar.
        double min = bars.stream().mapToDouble(Bar::value).filter(v -> v > 0).min().orElse(1);
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(10);
        c.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
        c.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max * 1.5))));
        c.getStyler().setLabelsVisible(true);
        c.getStyler().setLabelsFont(style.font(java.awt.Font.PLAIN, ChartStyle.MIN_PT));
        // Inside the bar, half way up, black on a light fill: a label at the bar's top ran across its edge.
        c.getStyler().setLabelsPosition(0.5);
        c.getStyler().setSeriesColors(new java.awt.Color[] {ChartStyle.OKABE_ITO.get(5)});
        c.getStyler().setLabelsFontColorAutomaticEnabled(false);
        c.getStyler().setLabelsFontColor(java.awt.Color.BLACK);
        c.getStyler().setYAxisDecimalPattern("#,##0.###");
        // a value of 0 (too small to resolve) is drawn at the axis floor rather than breaking the log axis
        double floor = c.getStyler().getYAxisMin();
        List<String> x = bars.stream().map(b -> l.pick(b.ja(), b.en())).toList();
        style.fitCategoryLabels(c, x);
        c.addSeries(l.pick("中央値", "median"), x, bars.stream().map(b -> Math.max(b.value(), floor)).toList());
        return c;
    }
}
