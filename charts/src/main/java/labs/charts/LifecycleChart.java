package labs.charts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.knowm.xchart.CategoryChart;

/** The vm-lifecycle lab's chart: how long each step of the article's sequence took. */
public final class LifecycleChart {
    public static final String STEPS = "steps.png";

    private final ChartStyle style;
    private final Conditions conditions;

    public LifecycleChart(ChartStyle style) { this(style, null); }

    /** @param conditions what the run was measured under: the chart's caption (null: none) */
    public LifecycleChart(ChartStyle style, Conditions conditions) {
        this.style = style;
        this.conditions = conditions;
    }

    /** One bar per step, in the order the lab ran them (step names are the labs commands, kept as they are). */
    public Path steps(Map<String, Double> secondsByStep, Path dir) {
        return PngWriter.write(stepsChart(secondsByStep), dir.resolve(STEPS));
    }

    /** The chart {@link #steps} draws, before anything is drawn. */
    public CategoryChart stepsChart(Map<String, Double> secondsByStep) {
        Lang l = style.lang();
        CategoryChart c = new CaptionedChart(style, l.pick("VMのライフサイクル: 各ステップの所要時間",
                "VM lifecycle: seconds per step"), l.pick("ステップ", "step"), l.pick("所要時間[秒]", "seconds"),
                conditions == null ? java.util.List.of() : conditions.lines(l));
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
