package labs.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import labs.common.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Figures from a real quick run (results/vm-exit, 2026-11-26), and a value too small to resolve (0). */
class VmExitChartTest {
    @TempDir
    Path tmp;

    @Test
    void drawsBothChartsInBothLanguagesEvenWithAZero() throws Exception {
        for (Lang lang : Lang.values()) {
            VmExitChart chart = new VmExitChart(ChartStyle.forLang(lang, Progress.SILENT));
            Path dir = java.nio.file.Files.createDirectories(tmp.resolve(lang.name()));
            Path loop = chart.loop(List.of(new VmExitChart.Bar("ホスト", "host", 0.62),
                    new VmExitChart.Bar("ゲスト CPL3", "guest CPL3", 0.62),
                    new VmExitChart.Bar("ゲスト CPL0", "guest CPL0", 3169.0)), dir);
            Path costs = chart.costs(List.of(new VmExitChart.Bar("a", "a", 30.97),
                    new VmExitChart.Bar("b", "b", 9.78), new VmExitChart.Bar("c", "c", 0)), dir);
            for (Path p : List.of(loop, costs)) {
                BufferedImage img = ImageIO.read(p.toFile());
                assertEquals(ChartStyle.WIDTH, img.getWidth());
                assertEquals(ChartStyle.HEIGHT, img.getHeight());
            }
        }
    }
}
