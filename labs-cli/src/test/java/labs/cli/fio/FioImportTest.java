package labs.cli.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import labs.charts.ChartStyle;
import labs.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FioImportTest {
    @TempDir
    Path tmp;

    static String fixture(String name) throws Exception {
        return Path.of(FioImportTest.class.getResource("/fio/" + name).toURI()).toString();
    }

    @Test
    void importsIntoCsvAndCharts() throws Exception {
        int rc = Main.run("fio", "import", "--results", tmp.toString(), "--lang", "en",
                "host=" + fixture("fio-seqread.json"), "host=" + fixture("fio-seqread.json"),
                "guest=" + fixture("fio-seqread.json"), "guest=" + fixture("fio-randread-nj4.json"),
                "host=" + fixture("fio-randread-nj4.json"));
        assertEquals(0, rc);
        Path run;
        try (Stream<Path> s = Files.list(tmp.resolve("fio-import"))) {
            run = s.findFirst().orElseThrow();
        }
        List<String> csv = Files.readAllLines(run.resolve("fio.csv"));
        assertEquals(6, csv.size(), "header + 5 rows");
        assertTrue(csv.get(0).startsWith("side,workload,rw,numjobs,repetition,bs_bytes,bw_bytes_per_s"));
        assertTrue(csv.get(2).startsWith("host,seq-read,read,1,2,"), "second host seq-read is repetition 2");
        for (String png : List.of("io-seq-bandwidth.png", "io-rand-read-iops.png", "io-guest-host-ratio.png")) {
            BufferedImage img = ImageIO.read(run.resolve(png).toFile());
            assertEquals(ChartStyle.WIDTH, img.getWidth());
        }
        assertTrue(Files.readString(run.resolve("meta.json")).contains("\"complete\" : true"));
        try (Stream<Path> s = Files.list(run.resolve("raw"))) {
            assertEquals(5, s.count());
        }
    }

    @Test
    void badFilesAreUsageErrorsAndLeaveNoRun() throws Exception {
        Path notJson = Files.writeString(tmp.resolve("x.json"), "fio: unrecognized option\n");
        assertEquals(2, Main.run("fio", "import", "--results", tmp.toString(), notJson.toString()));
        assertEquals(2, Main.run("fio", "import", "--results", tmp.toString(), tmp.resolve("missing.json").toString()));
        assertTrue(Files.notExists(tmp.resolve("fio-import")));
    }

    @Test
    void sideFromTheFileName() throws Exception {
        Path g = Files.copy(Path.of(fixture("fio-seqread.json")), tmp.resolve("guest-run.json"));
        assertEquals("guest", FioImportCommand.input(g.toString()).side());
        assertEquals("vm1", FioImportCommand.input("vm1=" + g).side());
    }
}
