package labs.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The caption a chart carries under its plot: the conditions it was measured under (see {@link Conditions}) and
 * what its error bars are. XChart has no subtitle, so a captioned chart ({@link CaptionedChart} for bars,
 * {@link CaptionedXYChart} for scatter plots) gives the caption a strip of its own size and paints it there;
 * {@link PngWriter} also stores it as text in the PNG, where a reader (or a test) finds it without reading pixels.
 */
public final class Caption {
    /** What a title leaves free of the chart's width: the y axis's labels and title on both sides of the centre. */
    static final int TITLE_MARGIN_PX = 200;
    private final List<String> lines;
    private final Font font;

    /** A chart that carries a caption. */
    public interface Carrier {
        /** The caption's lines, as given (before wrapping to the width). */
        List<String> caption();
    }

    Caption(ChartStyle style, List<String> lines) {
        this.lines = List.copyOf(lines);
        this.font = style.font(Font.PLAIN, ChartStyle.MIN_PT);
    }

    List<String> lines() { return lines; }

    /** The strip the caption takes at the bottom of a chart that wide (0 for none). */
    int heightPx(Graphics2D g, int width) {
        g.setFont(font);
        List<String> wrapped = wrap(g.getFontMetrics(), width - 40);
        return wrapped.isEmpty() ? 0 : wrapped.size() * linePx(g) + 12;
    }

    /**
     * Paints a chart with its caption: plot paints the chart into the height left above the caption's strip, then
     * the caption fills the strip.
     */
    void paint(Graphics2D g, int width, int height, java.util.function.IntConsumer plot) {
        int captionPx = heightPx(g, width);
        plot.accept(height - captionPx);
        if (captionPx == 0) {
            return;
        }
        g.setFont(font);
        List<String> wrapped = wrap(g.getFontMetrics(), width - 40);
        g.setColor(Color.WHITE);
        g.fillRect(0, height - captionPx, width, captionPx);
        g.setColor(new Color(0x33, 0x33, 0x33));
        int line = linePx(g);
        int y = height - captionPx + g.getFontMetrics().getAscent() + 4;
        for (String l : wrapped) {
            g.drawString(l, 20, y);
            y += line;
        }
    }

    /** The caption's font, in pixels at the chart's DPI (a test reads its printed size from it). */
    Font font() { return font; }

    private int linePx(Graphics2D g) {
        g.setFont(font);
        return g.getFontMetrics().getHeight() + 1;
    }

    /**
     * XChart draws a title on one line and clips what is wider than the chart: a title that does not fit at the
     * style's size is drawn smaller, never under {@link ChartStyle#MIN_PT} pt on paper. XChart centres it over the
     * plot, right of the y axis: it must fit in the width less {@link #TITLE_MARGIN_PX}.
     */
    static void fitTitle(org.knowm.xchart.internal.chartpart.Chart<?, ?> c, Graphics2D g, int width) {
        Font f = c.getStyler().getChartTitleFont();
        int min = ChartStyle.px(ChartStyle.MIN_PT);
        while (f.getSize() > min && g.getFontMetrics(f).stringWidth(c.getTitle()) > width - TITLE_MARGIN_PX) {
            f = f.deriveFont(f.getSize2D() - 1);
        }
        c.getStyler().setChartTitleFont(f);
    }

    /** Word-wrapped to the width (Japanese lines have no spaces: those are cut by characters). */
    private List<String> wrap(FontMetrics fm, int maxPx) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            StringBuilder cur = new StringBuilder();
            for (String word : line.split("(?<=\\s)")) {
                if (fm.stringWidth(cur + word) <= maxPx) {
                    cur.append(word);
                } else if (fm.stringWidth(word) <= maxPx) {
                    out.add(cur.toString().strip());
                    cur.setLength(0);
                    cur.append(word);
                } else {
                    // a Japanese sentence is one "word": it continues the line and breaks where the line is full
                    for (int i = 0; i < word.length(); i++) {
                        if (fm.stringWidth(cur.toString() + word.charAt(i)) > maxPx && cur.length() > 0) {
                            out.add(cur.toString().strip());
                            cur.setLength(0);
                        }
                        cur.append(word.charAt(i));
                    }
                }
            }
            if (cur.length() > 0) {
                out.add(cur.toString().strip());
            }
        }
        return out;
    }
}
