package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import labs.charts.ChartStyle;
import labs.charts.PngWriter;
import labs.cli.Main;
import labs.common.Json;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * `labs run sched-virt --quick` for real: the load program on the host and in a real guest (TCG here), with and
 * without the host loop; then the same lab stopped with Ctrl-C or kill -9 while its host loop runs, which must leave
 * no loop and no qemu behind. Timing figures are printed by the lab, never asserted (the machine is shared).
 */
class SchedVirtLabIT {
    @TempDir
    Path tmp;
    private Process labs;

    @AfterEach
    void stopLeftovers() {
        if (labs != null) {
            labs.destroyForcibly();
        }
        ofThisTest().forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void quickRunMeasuresBothSidesUnderBothConditions() throws Exception {
        String out = LabAssert.stdoutOf(() -> assertEquals(0, Main.run("run", "sched-virt", "--quick", "--lang", "en",
                "--results", tmp.toString())));
        Path run = LabAssert.onlyRun(tmp, "sched-virt");

        List<CSVRecord> steps = LabAssert.csv(run.resolve("steps.csv"));
        // 2 sides x 2 host conditions x (1 + 2 processes) x 100 steps
        assertEquals(1200, steps.size());
        for (String side : List.of("host", "guest")) {
            for (String c : List.of("idle", "host-loop")) {
                for (int n : List.of(1, 2)) {
                    List<CSVRecord> r = steps.stream().filter(s -> s.get("side").equals(side)
                            && s.get("host_condition").equals(c) && s.get("n").equals(Integer.toString(n))).toList();
                    assertEquals(100 * n, r.size(), side + " " + c + " " + n);
                    r.forEach(s -> assertTrue(Double.parseDouble(s.get("elapsed_ms")) > 0, s.toString()));
                    LabAssert.png(run.resolve("sched-" + side + "-" + c + "-n" + n + ".png"), ChartStyle.WIDTH,
                            ChartStyle.HEIGHT);
                    assertTrue(Files.isRegularFile(run.resolve("raw/" + side + "-" + c + "-n" + n + ".txt")));
                }
            }
        }
        List<CSVRecord> summary = LabAssert.csv(run.resolve("summary.csv"));
        assertEquals(8, summary.size());

        JsonNode meta = Json.MAPPER.readTree(run.resolve("meta.json").toFile());
        assertTrue(meta.path("complete").asBoolean(), meta.toString());
        assertEquals("[\"idle\",\"host-loop\"]", meta.path("options").path("hostConditions").toString());
        assertEquals("[1,2]", meta.path("options").path("parallelism").toString());
        assertTrue(meta.path("versions").path("load program").asText().startsWith("sched-load, "), meta.toString());
        // The run's conditions (issue 13): above the summary and in every panel's caption.
        assertTrue(out.contains("Conditions:\n"), out);
        assertTrue(out.contains("--quick; 1 run per side, host condition and N; wall time (CLOCK_MONOTONIC)"), out);
        String caption = PngWriter.readTexts(run.resolve("sched-guest-host-loop-n2.png"))
                .get("Description");
        assertTrue(caption != null && caption.contains("1 run per side, host condition and N"), caption);
        assertEquals(meta.path("accelerator").asText().equals("tcg"), caption.startsWith("TCG (emulation)"), caption);
        assertTrue(out.contains("Guest, N=1, host loop vs idle: longest gap "), out);
        assertTrue(out.contains("Host, N=1, host loop vs idle: longest gap "), out);
        if (meta.path("accelerator").asText().equals("tcg")) {
            assertTrue(out.contains("The guest ran under TCG: every step was emulated (QEMU translated the loop), and "
                    + "TCG gives the guest no steal clock"), out);
            assertTrue(meta.path("notes").toString().contains("TCG gives the guest no steal clock"), meta.toString());
            summary.stream().filter(r -> r.get("side").equals("guest"))
                    .forEach(r -> assertEquals("", r.get("guest_steal_pct"), "no steal clock under TCG: " + r));
        }
        if (meta.path("accelerator").asText().equals("kvm")) {
            stealRisesWithTheHostLoop(summary);
        }
        // the host loop runs from the VM's folder, so its command line names the VM, as qemu's does
        assertEquals(List.of(), describe(naming("sched-virt-" + run.getFileName())), "the host loop or qemu is left");
        LabAssert.noQemuLeft("sched-virt-" + run.getFileName());
    }

    /**
     * Under KVM (inside the emulated AMD-V machine, or on real hardware) the guest has a steal clock: the host loop
     * takes about half of its vCPU's CPU, which the guest sees as %steal, and without the loop there is next to none;
     * the host sees the vCPU thread running guest code (%guest). Not checked where this test runs under TCG.
     */
    static void stealRisesWithTheHostLoop(List<CSVRecord> summary) {
        double idle = meanOf(summary, "idle", "guest_steal_pct");
        double loop = meanOf(summary, "host-loop", "guest_steal_pct");
        assertTrue(loop > idle + 10 && idle < 10, "guest %steal idle " + idle + ", with the host loop " + loop);
        assertTrue(meanOf(summary, "idle", "vcpu_thread_guest_pct") > 10, summary.toString());
    }

    private static double meanOf(List<CSVRecord> summary, String condition, String column) {
        return summary.stream().filter(r -> r.get("side").equals("guest") && r.get("host_condition").equals(condition))
                .mapToDouble(r -> Double.parseDouble(r.get(column))).average().orElse(Double.NaN);
    }

    /** Ctrl-C while the host loop runs on the host's side, then while it runs under the guest's vCPU. */
    @ParameterizedTest
    @ValueSource(strings = {"host, host-loop", "guest, host-loop"})
    void ctrlCStopsTheHostLoopAndRemovesTheGuest(String phase) throws Exception {
        Path err = startLab();
        ProcessHandle loop = awaitLoop(err, phase);
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(labs.pid())).start().waitFor());
        assertTrue(labs.waitFor(60, TimeUnit.SECONDS), "labs did not exit after SIGINT");
        String stderr = Files.readString(err);
        assertEquals(130, labs.exitValue(), stderr);
        assertTrue(stderr.contains("labs: interrupted (SIGINT)"), stderr);
        assertTrue(loop.onExit().get(10, TimeUnit.SECONDS) != null);
        assertEquals(List.of(), describe(ofThisTest()), stderr);
        LabAssert.noQemuLeft(tmp.toString());
        assertEquals(List.of(), vmFolders(), "the lab's guest is removed: " + stderr);
        try (Stream<Path> runs = Files.list(tmp.resolve("results/sched-virt"))) {
            JsonNode meta = Json.MAPPER.readTree(runs.findFirst().orElseThrow().resolve("meta.json").toFile());
            assertEquals("interrupted (SIGINT)", meta.path("error").asText(), meta.toString());
        }
    }

    /** kill -9: no finally block runs; the kernel ends the loop and qemu with their parent (PR_SET_PDEATHSIG). */
    @Test
    void killMinus9LeavesNoLoopAndNoQemu() throws Exception {
        Path err = startLab();
        awaitLoop(err, "guest, host-loop");
        List<ProcessHandle> started = labs.descendants().toList();
        assertEquals(0, new ProcessBuilder("kill", "-KILL", Long.toString(labs.pid())).start().waitFor());
        assertTrue(labs.waitFor(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && (started.stream().anyMatch(ProcessHandle::isAlive)
                || !ofThisTest().isEmpty())) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), describe(started.stream().filter(ProcessHandle::isAlive).toList()));
        assertEquals(List.of(), describe(ofThisTest()));
    }

    /** The full run (N = 1, 2, 3): its host loop lives ~1 s on each side, a wide enough window to stop it in. */
    private Path startLab() throws Exception {
        Path err = tmp.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("labs.jar"), "run", "sched-virt", "--lang", "en",
                "--results", tmp.resolve("results").toString())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(err.toFile());
        pb.environment().put("LABS_DATA_DIR", tmp.resolve("data").toString());
        labs = pb.start();
        return err;
    }

    /** The host loop, once the lab says it is measuring under it in that phase ("host, host-loop" ...). */
    private ProcessHandle awaitLoop(Path err, String phase) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline && labs.isAlive()) {
            if (Files.readString(err).contains(phase)) {
                List<ProcessHandle> loops = ofThisTest().stream().filter(p -> p.info().commandLine()
                        .map(c -> c.contains("sched-load l ")).orElse(false)).toList();
                assertEquals(1, loops.size(), describe(ofThisTest()).toString());
                assertTrue(labs.isAlive(), "the lab ended before it was stopped: " + Files.readString(err));
                return loops.get(0);
            }
            Thread.sleep(5);
        }
        throw new AssertionError("'" + phase + "' not reached within 240 s: " + Files.readString(err));
    }

    /** Processes whose command line names this test's folder (the host loop, a host run, the lab's qemu). */
    private List<ProcessHandle> ofThisTest() {
        return naming(tmp.toString());
    }

    private List<ProcessHandle> naming(String mine) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != self && (labs == null || p.pid() != labs.pid()))
                .filter(p -> p.info().commandLine().map(c -> c.contains(mine)).orElse(false)).toList();
    }

    private static List<String> describe(List<ProcessHandle> ps) {
        return ps.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    }

    private List<Path> vmFolders() throws Exception {
        Path store = tmp.resolve("data/vms");
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(store)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
