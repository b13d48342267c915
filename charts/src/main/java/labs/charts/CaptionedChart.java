package labs.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;

/**
 * A bar chart that carries a caption under its plot: the conditions it was measured under (see {@link Conditions})
 * and what its error bars are. XChart has no subtitle, so the caption is part of the chart object and painted by it,
 * within the chart's own size; {@link PngWriter} also stores title and caption as text in the PNG, where a reader
 * (or a test) finds them without reading pixels.
 */
public final class CaptionedChart extends CategoryChart {
    private static final int LINE_PX = 24;
    private final List<String> caption;
    private final Font font;

    CaptionedChart(ChartStyle style, String title, String xTitle, String yTitle, List<String> caption) {
        super(style.width(), style.height());
        setTitle(title);
        setXAxisTitle(xTitle);
        setYAxisTitle(yTitle);
        this.caption = List.copyOf(caption);
        this.font = style.font(Font.PLAIN, 15);
    }

    /** The caption's lines, as given (before wrapping to the width). */
    public List<String> caption() { return caption; }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        g.setFont(font);
        List<String> lines = wrap(g.getFontMetrics(), width - 40);
        int captionPx = lines.isEmpty() ? 0 : lines.size() * LINE_PX + 12;
        super.paint(g, width, height - captionPx);
        setHeight(height);   // the chart's size stays what was asked; the plot gave up the caption's strip
        g.setColor(Color.WHITE);
        g.fillRect(0, height - captionPx, width, captionPx);
        g.setColor(new Color(0x33, 0x33, 0x33));
        g.setFont(font);
        int y = height - captionPx + LINE_PX - 4;
        for (String l : lines) {
            g.drawString(l, 20, y);
            y += LINE_PX;
        }
    }

    /** Word-wrapped to the width (Japanese lines have no spaces: those are cut by characters). */
    private List<String> wrap(FontMetrics fm, int maxPx) {
        List<String> out = new ArrayList<>();
        for (String line : caption) {
            StringBuilder cur = new StringBuilder();
            for (String word : line.split("(?<=\\s)")) {
                if (fm.stringWidth(cur + word) > maxPx && cur.length() > 0) {
                    out.add(cur.toString().strip());
                    cur.setLength(0);
                }
                while (fm.stringWidth(word) > maxPx) {
                    int n = word.length() - 1;
                    while (n > 1 && fm.stringWidth(word.substring(0, n)) > maxPx) {
                        n--;
                    }
                    out.add(word.substring(0, n));
                    word = word.substring(n);
                }
                cur.append(word);
            }
            if (cur.length() > 0) {
                out.add(cur.toString().strip());
            }
        }
        return out;
    }
}
