package labs.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import labs.common.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The sched-virt panels say what the book's do (title タイムスライスの可視化(並列度=N), axes 経過時間[ミリ秒] and
 * 進捗[%], legend 負荷処理0 ...), read from the chart object, in both languages, in a font that has every glyph;
 * each process has its own marker shape, so a greyscale print still tells them apart.
 */
class SchedVirtChartsTest {
    @TempDir
    Path tmp;

    private static List<SchedVirtCharts.Points> processes(int n) {
        List<SchedVirtCharts.Points> p = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = new double[100];
            double[] y = new double[100];
            for (int s = 0; s < 100; s++) {
                x[s] = n * s + i + 1;
                y[s] = s + 1;
            }
            p.add(new SchedVirtCharts.Points(x, y));
        }
        return p;
    }

    private static XYChart chart(Lang lang, String side, String condition, int n, boolean tcg) {
        ChartStyle style = ChartStyle.forLang(lang, Progress.SILENT);
        assertEquals(lang, style.lang(), "fonts-ipafont-gothic is a test dependency: Japanese must not fall back");
        return new SchedVirtCharts(style, tcg, null).chart(side, condition, processes(n));
    }

    @Test
    void japaneseAsTheBookSaysIt() {
        XYChart c = chart(Lang.JA, "guest", "host-loop", 3, true);
        assertEquals("タイムスライスの可視化(並列度=3)：ゲスト、ホストCPUで無限ループ [TCG]", c.getTitle());
        assertEquals("経過時間[ミリ秒]", c.getXAxisTitle());
        assertEquals("進捗[%]", c.getYAxisTitle());
        assertEquals(List.of("負荷処理0", "負荷処理1", "負荷処理2"), legend(c));
        drawable(c);
    }

    @Test
    void everyPanelCarriesTheRunsConditionsAsItsCaption() throws Exception {
        Conditions c = new Conditions(Conditions.Accel.TCG, "N = [1, 2] processes x 100 steps of ~1 ms", true,
                "1 run per side, host condition and N", null, null, "Test CPU x2", null, "wall time",
                java.time.LocalDate.of(2026, 11, 30));
        for (Lang lang : Lang.values()) {
            ChartStyle style = ChartStyle.forLang(lang, Progress.SILENT);
            XYChart chart = new SchedVirtCharts(style, true, c).chart("guest", "host-loop", processes(2));
            assertEquals(c.lines(lang), ((Caption.Carrier) chart).caption());
            drawable(chart);
        }
    }

    @Test
    void englishEquivalents() {
        XYChart c = chart(Lang.EN, "host", "idle", 2, true);
        assertEquals("Time slices (parallelism=2): host, host CPU idle", c.getTitle(), "no TCG mark on the host");
        assertEquals("elapsed time [ms]", c.getXAxisTitle());
        assertEquals("progress [%]", c.getYAxisTitle());
        assertEquals(List.of("load 0", "load 1"), legend(c));
        drawable(c);
    }

    @Test
    void everyProcessHasItsOwnMarkerShapeAndTheAxesAreTheBooks() {
        XYChart c = chart(Lang.EN, "guest", "idle", 3, false);
        Set<Class<?>> shapes = new HashSet<>();
        for (XYSeries s : c.getSeriesMap().values()) {
            if (!s.isShowInLegend()) {
                continue;   // the invisible tick helper
            }
            shapes.add(s.getMarker().getClass());
            assertEquals(XYSeries.XYSeriesRenderStyle.Scatter, s.getXYSeriesRenderStyle() == null
                    ? c.getStyler().getDefaultSeriesRenderStyle() : s.getXYSeriesRenderStyle());
        }
        assertEquals(3, shapes.size(), "three processes, three shapes");
        assertEquals(0.0, c.getStyler().getYAxisMin());
        assertEquals(100.0, c.getStyler().getYAxisMax());
        assertEquals(0.0, c.getStyler().getXAxisMin());
        assertNotEquals(c.getSeriesMap().get("load 0").getMarkerColor(),
                c.getSeriesMap().get("load 1").getMarkerColor());
    }

    @Test
    void panelIsWrittenAtPrintSize() throws Exception {
        Path png = new SchedVirtCharts(ChartStyle.forLang(Lang.JA, Progress.SILENT), true, null)
                .panel("guest", "idle", processes(2), tmp);
        assertEquals("sched-guest-idle-n2.png", png.getFileName().toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(ChartStyle.WIDTH, img.getWidth());
        assertEquals(ChartStyle.HEIGHT, img.getHeight());
    }

    private static void drawable(XYChart c) {
        var st = c.getStyler();
        glyphs(st.getChartTitleFont(), c.getTitle());
        glyphs(st.getAxisTitleFont(), c.getXAxisTitle());
        glyphs(st.getAxisTitleFont(), c.getYAxisTitle());
        legend(c).forEach(t -> glyphs(st.getLegendFont(), t));
    }

    private static List<String> legend(XYChart c) {
        return c.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend).map(XYSeries::getName).toList();
    }

    private static void glyphs(Font font, String text) {
        assertEquals(-1, font.canDisplayUpTo(text), "font " + font.getFamily() + " cannot draw '" + text + "'");
    }
}
