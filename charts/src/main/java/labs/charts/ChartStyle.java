package labs.charts;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import labs.common.Progress;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * How every labs chart looks: a fixed pixel size and DPI (6.25 x 4.5 inches at 200 DPI: within the 16 cm text width
 * of an A4 page with 2.5 cm margins, sharp when printed; a chart with two panels stacks them, never wider), fonts
 * sized in points at that size so that no text prints under {@link #MIN_PT} pt at 100%, the Okabe-Ito
 * colour-blind-safe palette (series that must also part in greyscale take {@link #GREYS}), and a font that can draw
 * the chosen language. Japanese needs a CJK font (IPAGothic from fonts-ipafont-gothic, found through fontconfig by
 * Java2D); without one, charts fall back to English with a warning instead of drawing empty boxes.
 * Reusable by any chart class: build the chart with {@link #width()}/{@link #height()}, then {@link #apply}.
 */
public final class ChartStyle {
    public static final int DPI = 200;
    public static final int WIDTH = 1250;
    public static final int HEIGHT = 900;
    /** The smallest text on paper, in points, when a chart is printed at its DPI (A4 at 100%). */
    public static final float MIN_PT = 8f;

    /**
     * Fill colours for up to six series that must be told apart on a greyscale printout (stacked CPU states): their
     * grey levels (Rec. 601 luma) run dark to light in series order, at least 35 of 255 apart (42, 83, 122, 162,
     * 200, 237), so the stack reads in the legend's order; hues stay distinct for colour readers.
     */
    public static final List<Color> GREYS = List.of(
            new Color(0x0A, 0x2D, 0x6E), // navy
            new Color(0xA3, 0x3A, 0x00), // dark vermillion
            new Color(0x20, 0xA8, 0x78), // green
            new Color(0xE6, 0x9F, 0x00), // orange
            new Color(0xE0, 0xB8, 0xE0), // light purple
            new Color(0xED, 0xED, 0xED)); // light grey

    /** Okabe & Ito (2008): distinguishable with every common colour-vision deficiency, and in greyscale by order. */
    public static final List<Color> OKABE_ITO = List.of(
            new Color(0x00, 0x72, 0xB2), // blue
            new Color(0xE6, 0x9F, 0x00), // orange
            new Color(0x00, 0x9E, 0x73), // bluish green
            new Color(0xD5, 0x5E, 0x00), // vermillion
            new Color(0xCC, 0x79, 0xA7), // reddish purple
            new Color(0x56, 0xB4, 0xE9), // sky blue
            new Color(0xF0, 0xE4, 0x42), // yellow
            new Color(0x00, 0x00, 0x00)); // black

    /** CJK families in order of preference; the book used Takao, IPA is what labs installs. */
    static final List<String> CJK_FAMILIES = List.of("IPAGothic", "IPAPGothic", "TakaoPGothic", "TakaoGothic",
            "Noto Sans CJK JP", "VL Gothic");
    static final String SAMPLE_JA = "経過時間[ミリ秒]進捗並列度";

    private final Lang lang;
    private final String family;

    private ChartStyle(Lang lang, String family) {
        this.lang = lang;
        this.family = family;
    }

    /**
     * The style for the language asked for; Japanese without a CJK font becomes English, with a warning.
     *
     * @param out where that warning goes
     */
    public static ChartStyle forLang(Lang requested, Progress out) {
        return forLang(requested, CJK_FAMILIES, out);
    }

    /** As {@link #forLang(Lang, Progress)}, looking only for these families (tests use it to see the fallback). */
    static ChartStyle forLang(Lang requested, List<String> cjkFamilies, Progress out) {
        if (requested == Lang.JA) {
            String cjk = findCjkFamily(cjkFamilies);
            if (cjk != null) {
                return new ChartStyle(Lang.JA, cjk);
            }
            out.warn("no Japanese font found: charts are drawn in English. For Japanese: apt-get install "
                    + "fonts-ipafont-gothic");
            return new ChartStyle(Lang.EN, Font.SANS_SERIF);
        }
        return new ChartStyle(Lang.EN, Font.SANS_SERIF);
    }

    /**
     * A family that can display Japanese, or null. Each candidate is asked for by name (a Font whose family comes
     * back different is Java's fallback): cheaper than listing every installed family, which costs ~0.5 s here.
     */
    static String findCjkFamily() {
        return findCjkFamily(CJK_FAMILIES);
    }

    static String findCjkFamily(List<String> families) {
        for (String f : families) {
            Font font = new Font(f, Font.PLAIN, 12);
            if (font.getFamily(java.util.Locale.ROOT).equals(f) && font.canDisplayUpTo(SAMPLE_JA) == -1) {
                return f;
            }
        }
        return null;
    }

    /** The language actually used (English when Japanese was asked for but no font can draw it). */
    public Lang lang() { return lang; }

    public int width() { return WIDTH; }

    public int height() { return HEIGHT; }

    public Color[] palette() { return OKABE_ITO.toArray(new Color[0]); }

    /** The font at that size in points on paper: pixels = points x DPI / 72, rounded up. */
    public Font font(int style, float points) { return new Font(family, style, px(points)); }

    /** Pixels of a font printed at that many points at {@link #DPI}. */
    public static int px(float points) { return (int) Math.ceil(points * DPI / 72f); }

    /** Points on paper of a font that many pixels high, printed at {@link #DPI}. */
    public static double points(float px) { return px * 72.0 / DPI; }

    /** Rec. 601 luma (0-255): the grey a colour prints as on a greyscale printer or in a desaturated copy. */
    public static double grey(Color c) { return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue(); }

    /**
     * Category labels side by side run into each other when the widest is wider than its slot: those are slanted
     * (30 degrees), which never overlap.
     */
    public void fitCategoryLabels(org.knowm.xchart.CategoryChart c, List<String> categories) {
        java.awt.image.BufferedImage scratch = new java.awt.image.BufferedImage(1, 1,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = scratch.createGraphics();
        java.awt.FontMetrics fm = g.getFontMetrics(c.getStyler().getAxisTickLabelsFont());
        int widest = categories.stream().mapToInt(fm::stringWidth).max().orElse(0);
        g.dispose();
        if (widest > slotPx(c, categories.size())) {
            c.getStyler().setXAxisLabelRotation(30);
        }
    }

    /** The room one category's label has on an upright axis: the plot's share (less the y axis) minus a gap. */
    static int slotPx(org.knowm.xchart.CategoryChart c, int categories) {
        return (int) (c.getWidth() * 0.82 / Math.max(1, categories)) - 16;
    }

    /** Fonts, colours and background shared by every chart; call after creating the chart. */
    public void apply(Chart<? extends Styler, ?> chart) {
        Styler s = chart.getStyler();
        s.setSeriesColors(palette());
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(font(Font.BOLD, 10.5f));
        s.setLegendFont(font(Font.PLAIN, MIN_PT));
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setAntiAlias(true);
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setAxisTitleFont(font(Font.PLAIN, 9));
            a.setAxisTickLabelsFont(font(Font.PLAIN, MIN_PT));
            a.setPlotGridLinesColor(new Color(0xDD, 0xDD, 0xDD));
            a.setAxisTickMarkLength(4);
        }
    }
}
