package labs.charts;

import java.awt.Graphics2D;
import java.util.List;
import org.knowm.xchart.CategoryChart;

/** A bar chart with its {@link Caption} under the plot. */
public final class CaptionedChart extends CategoryChart implements Caption.Carrier {
    private final Caption caption;

    CaptionedChart(ChartStyle style, String title, String xTitle, String yTitle, List<String> caption) {
        super(style.width(), style.height());
        setTitle(title);
        setXAxisTitle(xTitle);
        setYAxisTitle(yTitle);
        this.caption = new Caption(style, caption);
    }

    @Override
    public List<String> caption() { return caption.lines(); }

    /** The caption's font (its printed size is checked by the tests). */
    java.awt.Font captionFont() { return caption.font(); }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        Caption.fitTitle(this, g, width);
        caption.paint(g, width, height, plotHeight -> super.paint(g, width, plotHeight));
        setHeight(height);   // the chart's size stays what was asked; the plot gave up the caption's strip
    }
}
