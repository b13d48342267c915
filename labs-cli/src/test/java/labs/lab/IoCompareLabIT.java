package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import labs.charts.ChartStyle;
import labs.charts.PngWriter;
import labs.cli.Main;
import labs.common.Json;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `labs run io-compare --quick` end to end: real fio on the host and in a real guest under QEMU (TCG here), in
 * host/guest pairs. Two pairs (--repeat 2) keep it cheap and still show the ABBA order; the stop rule itself is
 * unit-tested (stats' StatsTest).
 */
class IoCompareLabIT {
    @TempDir
    Path tmp;

    @Test
    void quickRunMeasuresBothSidesInPairsAndSaysItsConditions() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int rc;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            rc = Main.run("run", "io-compare", "--quick", "--repeat", "2", "--lang", "ja", "--results",
                    tmp.toString());
        } finally {
            System.setOut(saved);
        }
        String summary = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, summary);
        Path run = LabAssert.onlyRun(tmp, "io-compare");

        List<CSVRecord> rows = LabAssert.csv(run.resolve("fio.csv"));
        Set<String> expected = new HashSet<>();
        for (String side : List.of("host", "guest")) {
            for (String w : List.of("seq-read", "seq-write", "rand-read", "rand-write")) {
                for (String pair : List.of("1", "2")) {
                    expected.add(side + "/" + w + "/1/" + pair);
                }
            }
        }
        Set<String> seen = new HashSet<>();
        for (CSVRecord r : rows) {
            seen.add(r.get("side") + "/" + r.get("workload") + "/" + r.get("numjobs") + "/" + r.get("repetition"));
            assertEquals("0", r.get("error"));
            assertTrue(Double.parseDouble(r.get("bw_bytes_per_s")) > 0, r.toString());
            assertTrue(Long.parseLong(r.get("runtime_ms")) >= 1000, "time-based: a second or more: " + r);
            assertTrue(Files.isRegularFile(run.resolve(r.get("raw_json"))), "raw JSON kept: " + r.get("raw_json"));
        }
        assertEquals(expected, seen);
        assertEquals(16, rows.size());
        // ABBA: the host ran first in pair 1, the guest in pair 2, for every job
        List<CSVRecord> pairs = LabAssert.csv(run.resolve("pairs.csv"));
        assertEquals(8, pairs.size());
        pairs.forEach(p -> assertEquals(p.get("pair").equals("1") ? "host" : "guest", p.get("first"), p.toString()));
        List<CSVRecord> figures = LabAssert.csv(run.resolve("figures.csv"));
        assertEquals(12, figures.size(), "host, guest and guest/host for each of 4 jobs");
        figures.forEach(f -> assertEquals("2", f.get("n")));

        String console = Files.readString(run.resolve("raw/guest-console.log"));
        assertTrue(console.contains("labs-agent: ready"), "the guest's console is kept: " + console);
        List<CSVRecord> cpu = LabAssert.csv(run.resolve("sysstat-cpu.csv"));
        assertTrue(cpu.stream().anyMatch(r -> r.get("side").equals("host") && r.get("phase").equals("guest-randread")),
                "host mpstat while the guest worked");

        JsonNode meta = Json.MAPPER.readTree(run.resolve("meta.json").toFile());
        assertTrue(meta.path("complete").asBoolean());
        String accel = meta.path("accelerator").asText();
        assertTrue(List.of("tcg", "kvm").contains(accel));
        assertEquals(accel.equals("kvm") ? "KVM" : "none detected", meta.at("/versions/guest hypervisor").asText(),
                "what the guest's kernel saw matches the accelerator: " + meta.path("versions"));
        assertTrue(meta.path("versions").path("fio (guest)").asText().startsWith("fio-"));
        assertTrue(meta.path("versions").path("labs commit").asText().matches("[0-9a-f]{40}.*|unknown"), meta.toString());
        assertTrue(meta.path("load").path("before").has("load1"), "load before: " + meta.path("load"));
        assertTrue(meta.path("load").path("after").has("others"), "load after: " + meta.path("load"));

        // The run's conditions, on every chart (its caption, stored as PNG text) and in the printed summary
        String date = LocalDate.now().toString();
        for (String png : List.of("io-seq-bandwidth.png", "io-rand-read-iops.png", "io-rand-write-iops.png",
                "io-guest-host-ratio.png")) {
            LabAssert.png(run.resolve(png), ChartStyle.WIDTH, ChartStyle.HEIGHT);
            Map<String, String> text = PngWriter.readTexts(run.resolve(png));
            assertTrue(text.get("Title").contains(accel.equals("tcg") ? "TCG" : ""), png + ": " + text);
            String caption = text.get("Description");
            // in the run's language (--lang ja): the catalog's 「ちょうど 2 ペア」 for "exactly 2 pairs", and so on
            for (String want : List.of(accel.equals("tcg") ? "TCG" : "KVM", "--quick", "ちょうど 2 ペア", "cache=none",
                    "128 MiB", "時間指定 1 秒", date, "95%")) {
                assertTrue(caption.contains(want), png + " caption lacks '" + want + "': " + caption);
            }
        }
        for (String want : List.of("測定条件", accel.equals("tcg") ? "TCG" : "KVM", "--quick", "ちょうど 2 ペア",
                "cache=none", "ファイル 128 MiB", "ホスト: ", date, "ゲスト/ホスト")) {
            assertTrue(summary.contains(want), "summary lacks '" + want + "': " + summary);
        }
        // issue 15: --lang ja leaves no English sentence in io-compare's summary either (JapaneseOutputIT covers the
        // other labs; io-compare's quick run is this test's)
        assertEquals(List.of(), EnglishLines.in(summary.lines().toList()), summary);
        LabAssert.noQemuLeft("io-compare-" + run.getFileName());
    }
}
