package labs.cli.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
                "host=" + fixture("fio-seqread.json"), "host=" + fixture("fio-seqread-2.json"),
                "guest=" + fixture("fio-seqread-3.json"), "guest=" + fixture("fio-randread-nj4.json"),
                "host=" + fixture("fio-randread-nj4-2.json"));
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

    /** Issue 10 item 19: each of these was charted (or ran) as if it were a measurement. */
    @Test
    void theSameOutputTwiceIsRefused() throws Exception {
        Path copy = Files.copy(Path.of(fixture("fio-seqread.json")), tmp.resolve("copy.json"));
        assertEquals(2, Main.run("fio", "import", "--results", tmp.toString(), fixture("fio-seqread.json"),
                fixture("fio-seqread.json")));
        assertEquals(2, Main.run("fio", "import", "--results", tmp.toString(), "host=" + fixture("fio-seqread.json"),
                "guest=" + copy));
        assertTrue(Files.notExists(tmp.resolve("fio-import")));
    }

    @Test
    void filesWithoutFiguresAreRefusedAndLeaveNoRun() throws Exception {
        for (String f : new String[] {"fio-error.json", "fio-no-directions.json", "fio-no-jobs.json"}) {
            assertEquals(2, Main.run("fio", "import", "--results", tmp.toString(), fixture(f)), f);
        }
        assertTrue(Files.notExists(tmp.resolve("fio-import")));
    }

    @Test
    void aFailedJobBesideGoodOnesIsLeftOutWithAWarning() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int rc;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            rc = Main.run("fio", "import", "--results", tmp.toString(), "--lang", "en", fixture("fio-seqread.json"),
                    fixture("fio-error.json"), fixture("fio-no-directions.json"));
        } finally {
            System.setErr(old);
        }
        assertEquals(0, rc);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("fio reported error 1"), text);
        assertTrue(text.contains("no I/O measured"), text);
        Path run;
        try (Stream<Path> s = Files.list(tmp.resolve("fio-import"))) {
            run = s.findFirst().orElseThrow();
        }
        assertEquals(2, Files.readAllLines(run.resolve("fio.csv")).size(), "header + the one good job");
        assertTrue(Files.readString(run.resolve("meta.json")).contains("left out"));
    }

    @Test
    void binaryAndHugeOneLineFilesAreNamedNotEchoed() throws Exception {
        Path bin = Files.write(tmp.resolve("a.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a,
            0x0a, 0, 0, 0, 0x0d, (byte) 0xe2, (byte) 0x82});
        Path latin1 = Files.write(tmp.resolve("l.json"), new byte[] {'{', (byte) 0xe9, (byte) 0xff, '}'});
        Path big = tmp.resolve("big.json");
        try (var w = Files.newBufferedWriter(big)) {
            for (int i = 0; i < 60_000; i++) {
                w.write("x".repeat(1000));   // 60 MB, one line, no '{'
            }
        }
        for (Path p : List.of(bin, latin1, big)) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            var cmd = Main.commandLine();
            cmd.setErr(new PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
            assertEquals(2, cmd.execute("fio", "import", "--results", tmp.toString(), p.toString()), p.toString());
            String text = err.toString(StandardCharsets.UTF_8);
            assertTrue(text.length() < 1500, "bounded: " + text.length() + " chars");
            assertTrue(!text.contains("Input length"), text);
            assertTrue(text.contains(p.getFileName().toString()), text);
        }
        assertTrue(Files.notExists(tmp.resolve("fio-import")));
    }

    @Test
    void sideFromTheFileName() throws Exception {
        Path g = Files.copy(Path.of(fixture("fio-seqread.json")), tmp.resolve("guest-run.json"));
        assertEquals("guest", FioImportCommand.input(g.toString()).side());
        assertEquals("vm1", FioImportCommand.input("vm1=" + g).side());
    }
}
