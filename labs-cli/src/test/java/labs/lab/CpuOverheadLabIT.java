package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        String summary = LabAssert.stdoutOf(() -> assertEquals(0, Main.run("run", "cpu-overhead", "--quick", "--lang", "en",
                "--results", tmp.toString())));
        Path run = LabAssert.onlyRun(tmp, "cpu-overhead");

        List<CSVRecord> times = LabAssert.csv(run.resolve("job-times.csv"));
        assertEquals(List.of("host", "guest"), times.stream().map(r -> r.get("side")).toList());
        times.forEach(r -> assertTrue(Double.parseDouble(r.get("cpu_seconds")) > 0, r.toString()));
        times.forEach(r -> assertTrue(Double.parseDouble(r.get("wall_seconds")) > 0, r.toString()));

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

        LabAssert.png(run.resolve("cpu-breakdown.png"), ChartStyle.WIDTH, 2 * ChartStyle.HEIGHT);   // stacked
        LabAssert.png(run.resolve("cpu-job-time.png"), ChartStyle.WIDTH, ChartStyle.HEIGHT);
        java.util.Map<String, String> text = labs.charts.PngWriter.readTexts(run.resolve("cpu-job-time.png"));
        assertTrue(text.get("Title").startsWith("CPU time of the same CPU-bound job"), text.toString());
        assertTrue(text.get("Description").contains("CPU time: on the host the job's shell"), text.toString());
        assertTrue(text.get("Description").contains("--quick"), text.toString());
        assertTrue(summary.contains("Conditions:") && summary.contains("CPU time (wall beside)"), summary);
        JsonNode meta = Json.MAPPER.readTree(run.resolve("meta.json").toFile());
        assertTrue(meta.path("complete").asBoolean());
        headlineMatchesTheMeasurement(summary, meta, hostCpu0, times);
        LabAssert.noQemuLeft("cpu-overhead-" + run.getFileName());
    }

    /**
     * The lab's headline is what the host sees of the guest's loop on the vCPU's CPU: under TCG QEMU's own threads
     * run the guest's code, so it is %usr of that CPU and %guest stays 0; under KVM it is %guest. The printed means
     * must be the CSV's, and the claim must hold in the CSV.
     */
    private static void headlineMatchesTheMeasurement(String summary, JsonNode meta, List<CSVRecord> hostCpu0,
                                                      List<CSVRecord> times) {
        double usr = mean(hostCpu0, "usr_pct");
        double guest = mean(hostCpu0, "guest_pct");
        Matcher m = Pattern.compile("host CPU 0: +%usr +([0-9.]+) +%sys +([0-9.]+) +%guest +([0-9.]+) +%idle "
                + "+([0-9.]+)").matcher(summary);
        assertTrue(m.find(), summary);
        assertEquals(usr, Double.parseDouble(m.group(1)), 0.051, "printed host %usr is the CSV's mean: " + summary);
        assertEquals(guest, Double.parseDouble(m.group(3)), 0.051, "printed host %guest is the CSV's mean");
        double hostS = seconds(times, "host");
        double guestS = seconds(times, "guest");
        Matcher r = Pattern.compile("CPU time: host ([0-9.]+) s, guest ([0-9.]+) s \\(median of 1\\): guest/host = "
                + "([0-9.]+)")
                .matcher(summary);
        assertTrue(r.find(), summary);
        assertEquals(hostS, Double.parseDouble(r.group(1)), 0.0051, summary);
        assertEquals(guestS, Double.parseDouble(r.group(2)), 0.0051, summary);
        assertEquals(guestS / hostS, Double.parseDouble(r.group(3)), 0.051 + 0.01 * guestS / hostS, summary);
        if (meta.path("accelerator").asText().equals("tcg")) {
            assertTrue(summary.contains("The guest ran under TCG: the host sees %usr (QEMU translating), not %guest"),
                    summary);
            assertTrue(meta.get("notes").toString().contains("the host sees the loop as %usr of QEMU, not %guest"),
                    meta.get("notes").toString());
            assertTrue(guest < 1, "under TCG no CPU time is counted as %guest: " + guest);
            assertTrue(usr > 50, "the looping vCPU keeps its host CPU busy in user mode: %usr " + usr);
            assertTrue(guestS > hostS, "emulated, the same job is slower: host " + hostS + " s, guest " + guestS
                    + " s");
        } else {
            assertEquals("kvm", meta.path("accelerator").asText());
            assertTrue(guest > usr, "under KVM the loop is the host's %guest: %guest " + guest + ", %usr " + usr);
        }
    }

    private static double mean(List<CSVRecord> rows, String column) {
        return rows.stream().mapToDouble(r -> Double.parseDouble(r.get(column))).average().orElseThrow();
    }

    private static double seconds(List<CSVRecord> times, String side) {
        return times.stream().filter(r -> r.get("side").equals(side))
                .mapToDouble(r -> Double.parseDouble(r.get("cpu_seconds"))).findFirst().orElseThrow();
    }
}
