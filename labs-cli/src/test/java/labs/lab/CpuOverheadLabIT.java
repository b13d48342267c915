package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import labs.charts.ChartStyle;
import labs.cli.Main;
import labs.common.Json;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `labs run cpu-overhead --quick` end to end: a real guest loops while mpstat watches both sides. */
class CpuOverheadLabIT {
    @TempDir
    Path tmp;

    @Test
    void quickRunTimesBothSidesAndWatchesTheLoop() throws Exception {
        assertEquals(0, Main.run("run", "cpu-overhead", "--quick", "--lang", "en", "--results", tmp.toString()));
        Path run = LabAssert.onlyRun(tmp, "cpu-overhead");

        List<CSVRecord> times = LabAssert.csv(run.resolve("job-times.csv"));
        assertEquals(List.of("host", "guest"), times.stream().map(r -> r.get("side")).toList());
        times.forEach(r -> assertTrue(Double.parseDouble(r.get("seconds")) > 0, r.toString()));

        List<CSVRecord> cpu = LabAssert.csv(run.resolve("cpu-mpstat.csv"));
        List<CSVRecord> hostCpu0 = cpu.stream().filter(r -> r.get("side").equals("host") && r.get("cpu").equals("0"))
                .toList();
        List<CSVRecord> guestAll = cpu.stream().filter(r -> r.get("side").equals("guest") && r.get("cpu").equals("all"))
                .toList();
        assertEquals(5, hostCpu0.size(), "one host row per second of the 5 s loop");
        assertEquals(5, guestAll.size(), "one guest row per second");
        // The guest's loop keeps its vCPU busy: the guest sees itself mostly in user mode.
        double guestUsr = guestAll.stream().mapToDouble(r -> Double.parseDouble(r.get("usr_pct"))).average()
                .orElse(0);
        assertTrue(guestUsr > 50, "guest %usr while looping: " + guestUsr);

        LabAssert.png(run.resolve("cpu-breakdown.png"), 2 * ChartStyle.WIDTH, ChartStyle.HEIGHT);
        LabAssert.png(run.resolve("cpu-job-time.png"), ChartStyle.WIDTH, ChartStyle.HEIGHT);
        JsonNode meta = Json.MAPPER.readTree(run.resolve("meta.json").toFile());
        assertTrue(meta.path("complete").asBoolean());
        LabAssert.noQemuLeft("cpu-overhead-" + run.getFileName());
    }
}
