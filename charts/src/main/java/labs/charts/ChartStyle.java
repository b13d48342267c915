package labs.charts;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import labs.common.Progress;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * How every labs chart looks: a fixed pixel size and DPI (6.3 x 3.9 inches at 200 DPI: the text width of an A4 page
 * with 2.5 cm margins, sharp when printed), the Okabe-Ito colour-blind-safe palette, and a font that can draw the
 * chosen language. Japanese needs a CJK font (IPAGothic from fonts-ipafont-gothic, found through fontconfig by
 * Java2D); without one, charts fall back to English with a warning instead of drawing empty boxes.
 * Reusable by any chart class: build the chart with {@link #width()}/{@link #height()}, then {@link #apply}.
 */
public final class ChartStyle {
    public static final int DPI = 200;
    public static final int WIDTH = 1260;
    public static final int HEIGHT = 780;

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

    public Font font(int style, float size) { return new Font(family, style, Math.round(size)); }

    /** Fonts, colours and background shared by every chart; call after creating the chart. */
    public void apply(Chart<? extends Styler, ?> chart) {
        Styler s = chart.getStyler();
        s.setSeriesColors(palette());
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(font(Font.BOLD, 22));
        s.setLegendFont(font(Font.PLAIN, 18));
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setAntiAlias(true);
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setAxisTitleFont(font(Font.PLAIN, 18));
            a.setAxisTickLabelsFont(font(Font.PLAIN, 16));
            a.setPlotGridLinesColor(new Color(0xDD, 0xDD, 0xDD));
            a.setAxisTickMarkLength(4);
        }
    }
}
