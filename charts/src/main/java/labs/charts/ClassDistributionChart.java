package labs.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.style.BoxStyler;

/**
 * A class's results for one figure and one accelerator: one box per workload (each student's median, one value
 * per counted run), so a teacher sees the spread of a class at a glance. KVM and TCG runs get a chart each, never
 * one box together: under TCG the guest is emulated and its figures measure something else. Ratio charts carry
 * a reference line at 1.0 (guest as fast as host).
 */
public final class ClassDistributionChart {
    private final ChartStyle style;

    public ClassDistributionChart(ChartStyle style) { this.style = style; }

    /**
     * @param accelerator "kvm" or "tcg": named in the title
     * @param groups      workload ("seq-read nj4") to the values of the class, in display order; empty groups are left out
     * @param ratio       the values are guest/host ratios: draw the line at 1.0
     */
    public BoxChart chart(String title, String yTitle, String accelerator, Map<String, List<Double>> groups,
                          boolean ratio) {
        Lang l = style.lang();
        String accel = accelerator.toUpperCase(java.util.Locale.ROOT);
        BoxChart c = new BoxChartBuilder().width(style.width()).height(style.height())
                .title(title + (accelerator.equals("tcg") ? Words.tcgSuffix(l, true) : " (" + accel + ")"))
                .xAxisTitle(l.pick("ワークロード(箱: 四分位と中央値、n = 実行数)", "workload (box: quartiles and median, n = runs)"))
                .yAxisTitle(yTitle).build();
        style.apply(c);
        BoxStyler s = c.getStyler();
        s.setBoxplotCalCulationMethod(BoxStyler.BoxplotCalCulationMethod.N_LESS_1_PLUS_1);
        s.setLegendVisible(false);
        s.setToolTipsEnabled(false);
        if (groups.size() > 4) {
            s.setXAxisLabelRotation(30);   // io-compare's full protocol has 4 workloads x several numjobs
        }
        groups.forEach((name, values) -> {
            if (!values.isEmpty()) {
                c.addSeries(label(l, name) + " (n=" + values.size() + ")", values);
            }
        });
        if (ratio) {
            AnnotationLine one = new AnnotationLine(1.0, false, false);
            s.setAnnotationLineColor(Color.BLACK);
            s.setAnnotationLineStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {8f, 6f}, 0f));
            c.addAnnotation(one);
        }
        return c;
    }

    /** "seq-read nj4" in the charts' short words (順次読 並列度4): a label per box, which must not run into the next. */
    static String label(Lang l, String group) {
        int nj = group.lastIndexOf(" nj");
        if (nj < 0) {
            return Words.shortWorkload(l, group);
        }
        return Words.shortWorkload(l, group.substring(0, nj)) + " " + labs.common.i18n.Term.NUMJOBS.brief(l.language()) + group.substring(nj + 3);
    }

    public Path write(BoxChart chart, Path file) { return PngWriter.write(chart, file); }
}
