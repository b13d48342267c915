package labs.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import labs.common.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

class ChartStyleTest {
    @TempDir
    Path tmp;

    @Test
    void japaneseFontIsFoundWhenInstalled() {
        // fonts-ipafont-gothic is a test dependency (run-tests installs it): Japanese must not fall back here.
        ChartStyle style = ChartStyle.forLang(Lang.JA, Progress.SILENT);
        assertEquals(Lang.JA, style.lang());
        assertNotNull(ChartStyle.findCjkFamily());
    }

    @Test
    void pngDecodesAtTheStyleSize() throws Exception {
        for (Lang lang : Lang.values()) {
            ChartStyle style = ChartStyle.forLang(lang, Progress.SILENT);
            CategoryChart c = new CategoryChartBuilder().width(style.width()).height(style.height())
                    .title(lang.pick("並列度とIOPS", "IOPS by parallelism"))
                    .xAxisTitle(lang.pick("並列度", "numjobs")).yAxisTitle("IOPS").build();
            style.apply(c);
            c.addSeries("host", List.of("1", "2"), List.of(10, 20));
            Path png = PngWriter.write(c, tmp.resolve(lang + ".png"));
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(ChartStyle.WIDTH, img.getWidth());
            assertEquals(ChartStyle.HEIGHT, img.getHeight());
        }
    }

    @Test
    void withoutACjkFontJapaneseFallsBackToEnglish() {
        ChartStyle style = ChartStyle.forLang(Lang.JA, List.of("No Such Font Family 12345"), Progress.SILENT);
        assertEquals(Lang.EN, style.lang());
    }

    @Test
    void langParses() {
        assertEquals(Lang.JA, Lang.parse("JA"));
        assertEquals(Lang.EN, Lang.parse("en"));
    }
}
