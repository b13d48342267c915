package labs.charts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The vm-lifecycle lab's chart: how long each step of the article's sequence took. */
public final class LifecycleChart {
    public static final String STEPS = "steps.png";

    private final ChartStyle style;

    public LifecycleChart(ChartStyle style) { this.style = style; }

    /** One bar per step, in the order the lab ran them (step names are the labs commands, kept as they are). */
    public Path steps(Map<String, Double> secondsByStep, Path dir) {
        return PngWriter.write(stepsChart(secondsByStep), dir.resolve(STEPS));
    }

    /** The chart {@link #steps} draws, before anything is drawn. */
    public CategoryChart stepsChart(Map<String, Double> secondsByStep) {
        Lang l = style.lang();
        CategoryChart c = new CategoryChartBuilder().width(style.width()).height(style.height())
                .title(l.pick("VMのライフサイクル: 各ステップの所要時間", "VM lifecycle: seconds per step"))
                .xAxisTitle(l.pick("ステップ", "step")).yAxisTitle(l.pick("所要時間[秒]", "seconds")).build();
        style.apply(c);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setYAxisMin(0.0);
        // Step names such as "start lifecycle-clone" are long: slanted labels never run into each other.
        c.getStyler().setXAxisLabelRotation(30);
        c.addSeries(l.pick("秒", "seconds"), new ArrayList<>(secondsByStep.keySet()),
                new ArrayList<>(secondsByStep.values()));
        return c;
    }
}
