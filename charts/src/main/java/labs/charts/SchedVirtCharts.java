package labs.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The sched-virt lab's charts, drawn as the book draws sched-virt.py's: one scatter panel per side, host condition
 * and parallelism, x = elapsed time [ms], y = progress [%], one series per process (負荷処理0, 1 ...). Each process
 * has its own marker shape as well as its own colour, so a page printed in greyscale still tells them apart.
 */
public final class SchedVirtCharts {
    /** Shapes in process order: distinguishable without colour. */
    static final List<Marker> MARKERS = List.of(SeriesMarkers.CIRCLE, SeriesMarkers.CROSS,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.PLUS,
            SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.OVAL);

    /** The invisible series that fixes the progress axis's ticks (see {@link #chart}); not in the legend. */
    static final String TICK_HELPER = " ";

    /** One process's steps: elapsed ms and progress % of each. */
    public record Points(double[] elapsedMs, double[] progressPct) {}

    private final ChartStyle style;
    private final boolean tcg;
    private final Conditions conditions;

    /** @param conditions what the run was measured under: every panel's caption (null: none) */
    public SchedVirtCharts(ChartStyle style, boolean tcg, Conditions conditions) {
        this.style = style;
        this.tcg = tcg;
        this.conditions = conditions;
    }

    /** The panel's file name: sched-SIDE-CONDITION-nN.png (condition as the CSV writes it). */
    public static String fileName(String side, String condition, int n) {
        return "sched-" + side + "-" + condition + "-n" + n + ".png";
    }

    /** Draws the panel into dir and returns its path. */
    public Path panel(String side, String condition, List<Points> processes, Path dir) {
        return PngWriter.write(chart(side, condition, processes),
                dir.resolve(fileName(side, condition, processes.size())));
    }

    /** The panel {@link #panel} draws, before anything is drawn. */
    public XYChart chart(String side, String condition, List<Points> processes) {
        Lang l = style.lang();
        XYChart c = new CaptionedXYChart(style, title(l, processes.size()) + l.pick("：", ": ")
                + where(l, side, condition) + (tcg && side.equals("guest") ? " [TCG]" : ""),
                l.pick("経過時間[ミリ秒]", "elapsed time [ms]"), l.pick("進捗[%]", "progress [%]"),
                conditions == null ? List.of() : conditions.lines(l));
        style.apply(c);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(10);   // 1.3 mm printed at 200 dpi: the shapes part on paper
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(100.0);
        c.getStyler().setLegendPosition(LegendPosition.InsideSE);
        c.getStyler().setChartTitleFont(style.font(java.awt.Font.BOLD, 9.5f));
        Color[] palette = style.palette();
        for (int i = 0; i < processes.size(); i++) {
            Points p = processes.get(i);
            XYSeries s = c.addSeries(l.pick("負荷処理", "load ") + i, p.elapsedMs(), p.progressPct());
            s.setMarker(MARKERS.get(i % MARKERS.size()));
            s.setMarkerColor(palette[i % palette.length]);
            s.setLineStyle(new BasicStroke(0f));
        }
        // XChart puts a tick at every value of an axis whose values are equally spaced (progress is 1, 2 ... 100 %),
        // which crowds the axis with 34 labels: one invisible point off that spacing gives it ticks every 20 %.
        XYSeries spacing = c.addSeries(TICK_HELPER, new double[] {0}, new double[] {0.5});
        spacing.setMarker(SeriesMarkers.NONE);
        spacing.setShowInLegend(false);
        return c;
    }

    /** The book's title: タイムスライスの可視化(並列度=N). */
    static String title(Lang l, int n) {
        return l.pick("タイムスライスの可視化(並列度=" + n + ")", "Time slices (parallelism=" + n + ")");
    }

    static String where(Lang l, String side, String condition) {
        String s = side.equals("guest") ? l.pick("ゲスト", "guest") : l.pick("ホスト", "host");
        String c = condition.equals("idle") ? l.pick("ホストCPUに他の負荷なし", "host CPU idle")
                : l.pick("ホストCPUで無限ループ", "endless loop on the host CPU");
        return s + l.pick("、", ", ") + c;
    }
}
