package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import labs.charts.ChartStyle;
import labs.cli.Main;
import labs.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `labs run io-compare --quick` end to end: real fio on the host and in a real guest under QEMU (TCG here). */
class IoCompareLabIT {
    @TempDir
    Path tmp;

    @Test
    void quickRunMeasuresBothSidesAndDrawsTheCharts() throws Exception {
        assertEquals(0, Main.run("run", "io-compare", "--quick", "--lang", "ja", "--results", tmp.toString()));
        Path run = LabAssert.onlyRun(tmp, "io-compare");

        List<CSVRecord> rows = LabAssert.csv(run.resolve("fio.csv"));
        Set<String> expected = new HashSet<>();
        for (String side : List.of("host", "guest")) {
            expected.addAll(List.of(side + "/seq-read/1", side + "/seq-write/1", side + "/rand-read/1",
                    side + "/rand-read/4", side + "/rand-write/1", side + "/rand-write/4"));
        }
        Set<String> seen = new HashSet<>();
        for (CSVRecord r : rows) {
            seen.add(r.get("side") + "/" + r.get("workload") + "/" + r.get("numjobs"));
            assertEquals("1", r.get("repetition"));
            assertEquals("0", r.get("error"));
            assertTrue(Double.parseDouble(r.get("bw_bytes_per_s")) > 0, r.toString());
            assertTrue(Double.parseDouble(r.get("iops")) > 0, r.toString());
            assertTrue(Double.parseDouble(r.get("clat_mean_ms")) > 0, r.toString());
            assertTrue(Files.isRegularFile(run.resolve(r.get("raw_json"))), "raw JSON kept: " + r.get("raw_json"));
        }
        assertEquals(expected, seen);
        assertEquals(12, rows.size());
        String console = Files.readString(run.resolve("raw/guest-console.log"));
        assertTrue(console.contains("labs-agent: ready"), "the guest's console is kept: " + console);

        List<CSVRecord> cpu = LabAssert.csv(run.resolve("sysstat-cpu.csv"));
        assertTrue(cpu.stream().anyMatch(r -> r.get("side").equals("guest")), "guest mpstat rows");
        assertTrue(cpu.stream().anyMatch(r -> r.get("side").equals("host") && r.get("phase").equals("guest-randread")),
                "host mpstat while the guest worked");
        assertTrue(!LabAssert.csv(run.resolve("sysstat-disk.csv")).isEmpty());

        for (String png : List.of("io-seq-bandwidth.png", "io-rand-read-iops.png", "io-rand-write-iops.png",
                "io-guest-host-ratio.png")) {
            LabAssert.png(run.resolve(png), ChartStyle.WIDTH, ChartStyle.HEIGHT);
        }
        JsonNode meta = Json.MAPPER.readTree(run.resolve("meta.json").toFile());
        assertTrue(meta.path("complete").asBoolean());
        assertTrue(List.of("tcg", "kvm").contains(meta.path("accelerator").asText()));
        assertTrue(meta.path("versions").path("fio (guest)").asText().startsWith("fio-"));
        assertTrue(meta.path("host").has("cpuModel"));
        LabAssert.noQemuLeft("io-compare-" + run.getFileName());
    }
}
