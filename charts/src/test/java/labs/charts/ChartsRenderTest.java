package labs.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import labs.common.Progress;
import labs.fio.DirectionStats;
import labs.fio.Measurement;
import labs.fio.Rw;
import labs.fio.Summary;
import labs.fio.sysstat.CpuSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every chart renders in both languages to a PNG that decodes at the expected size. */
class ChartsRenderTest {
    @TempDir
    Path tmpDir;
    Path tmp;

    /** -Dcharts.out=DIR keeps the PNGs for a look by eye. */
    @org.junit.jupiter.api.BeforeEach
    void where() throws Exception {
        String keep = System.getProperty("charts.out");
        tmp = keep == null ? tmpDir : Files.createDirectories(Path.of(keep));
    }

    static List<Measurement> rows() {
        List<Measurement> m = new ArrayList<>();
        for (String side : List.of("host", "guest")) {
            double f = side.equals("host") ? 1 : 0.1;
            for (int rep = 1; rep <= 3; rep++) {
                m.add(row(side, Rw.READ, 1, rep, 900e6 * f, 900 * f));
                m.add(row(side, Rw.WRITE, 1, rep, 400e6 * f, 400 * f));
                for (int nj : List.of(1, 2, 4)) {
                    m.add(row(side, Rw.RANDREAD, nj, rep, 4096 * 20000.0 * nj * f, 20000.0 * nj * f + rep));
                    m.add(row(side, Rw.RANDWRITE, nj, rep, 4096 * 8000.0 * nj * f, 8000.0 * nj * f + rep));
                }
            }
        }
        return m;
    }

    static Measurement row(String side, Rw rw, int nj, int rep, double bw, double iops) {
        return new Measurement(side, rw.workload(), rw, nj, rep, rw.sequential() ? 1 << 20 : 4096,
                new DirectionStats(1 << 20, bw, iops, 100, 1e5, 1e5, 2e5, 10), 0, "x.json");
    }

    static void assertPng(Path p, int w, int h) throws Exception {
        BufferedImage img = ImageIO.read(p.toFile());
        assertEquals(w, img.getWidth(), p.toString());
        assertEquals(h, img.getHeight(), p.toString());
    }

    @Test
    void ioCompareChartsInBothLanguages() throws Exception {
        for (Lang lang : Lang.values()) {
            Path dir = Files.createDirectories(tmp.resolve(lang.name()));
            List<Path> files = new IoCompareCharts(ChartStyle.forLang(lang, Progress.SILENT), true).render(rows(), dir);
            assertEquals(4, files.size());
            for (Path p : files) {
                assertPng(p, ChartStyle.WIDTH, ChartStyle.HEIGHT);
            }
        }
    }

    @Test
    void ratiosAreGuestOverHostMedians() {
        Map<String, Double> r = IoCompareCharts.ratios(rows());
        assertEquals(0.1, r.get("seq-read"), 1e-9);
        assertEquals(8, r.size(), "2 sequential + 2 random x 3 numjobs");
        assertTrue(r.containsKey("rand-write x4"));
    }

    @Test
    void singleSideImportHasNoRatioChart() throws Exception {
        List<Measurement> hostOnly = rows().stream().filter(m -> m.side().equals("host")).toList();
        List<Path> files = new IoCompareCharts(ChartStyle.forLang(Lang.EN, Progress.SILENT), false).render(hostOnly, tmp);
        assertEquals(3, files.size());
    }

    @Test
    void cpuOverheadChartsInBothLanguages() throws Exception {
        List<CpuSample> host = new ArrayList<>();
        List<CpuSample> guest = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            host.add(new CpuSample(i, i + 1, "", "0", 2, 0, 3, 0, 0, 0, 0, 90, 0, 5));
            host.add(new CpuSample(i, i + 1, "", "1", 1, 0, 1, 0, 0, 0, 0, 0, 0, 98));
            guest.add(new CpuSample(i, i + 1, "", "all", 97, 0, 1, 0, 0, 0, 2, 0, 0, 0));
        }
        for (Lang lang : Lang.values()) {
            Path dir = Files.createDirectories(tmp.resolve("cpu-" + lang));
            CpuOverheadCharts c = new CpuOverheadCharts(ChartStyle.forLang(lang, Progress.SILENT), true);
            assertPng(c.breakdown(host, "0", guest, "all", dir), ChartStyle.WIDTH, 2 * ChartStyle.HEIGHT);
            assertPng(c.jobTime(Summary.of(1.0, 1.1, 0.9), Summary.of(20.0, 21, 19), dir), ChartStyle.WIDTH,
                    ChartStyle.HEIGHT);
        }
    }
}
