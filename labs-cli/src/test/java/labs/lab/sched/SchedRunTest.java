package labs.lab.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import labs.common.LabsException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parsing and summarising the load program's real output. The fixtures in src/test/resources/sched/ are the raw/
 * files of one `labs run sched-virt --quick` on our CI machine (2 cores, TCG guest, two other builds running):
 * host-idle-n2, host-host-loop-n1, guest-idle-n1, guest-host-loop-n1, guest-idle-n2. The expected figures were
 * computed from the same files with awk, independently of this code:
 * {@code awk '/^s/{s=$2} /^p/{t=($4-s)/1e6; if($3>0){d=t-prev[$2]; if(d>g)g=d} prev[$2]=t; if(t>m)m=t}'}.
 */
class SchedRunTest {
    @TempDir
    Path tmp;

    static String fixture(String name) throws IOException {
        try (InputStream in = SchedRunTest.class.getResourceAsStream("/sched/" + name + ".txt")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    static SchedRun load(String name, String side, HostCondition c, int n) throws IOException {
        return SchedRun.parse(side, c, n, 100, fixture(name));
    }

    @Test
    void summariesAgreeWithAwk() throws IOException {
        check(load("host-idle-n2", "host", HostCondition.IDLE, 2), 200.299706, 5.616250, 0.985831);
        check(load("host-host-loop-n1", "host", HostCondition.LOOP, 1), 225.699893, 7.214517, 1.053520);
        check(load("guest-idle-n1", "guest", HostCondition.IDLE, 1), 104.115218, 2.293526, 0.976358);
        check(load("guest-host-loop-n1", "guest", HostCondition.LOOP, 1), 246.756316, 7.401506, 1.185790);
        check(load("guest-idle-n2", "guest", HostCondition.IDLE, 2), 292.470003, 22.062216, 1.173050);
    }

    private static void check(SchedRun run, double t100, double gap, double median) {
        SchedSummary s = SchedSummary.of(run, null);
        assertEquals(t100, s.timeTo100Ms(), 1e-5, run.side() + " " + run.condition());
        assertEquals(gap, s.longestGapMs(), 1e-5);
        assertEquals(median, s.medianStepMs(), 1e-5);
        assertEquals(Math.max(0, 100 * (1 - run.n() * 100 / t100)), s.lostPct(), 1e-6);
    }

    @Test
    void calibrationAndSteps() throws IOException {
        SchedRun guest = load("guest-idle-n1", "guest", HostCondition.IDLE, 1);
        assertEquals(5_000_000, guest.calLoops());
        assertEquals(20_152_864, guest.calNs());
        assertEquals(248_103, guest.loopsPerMs());   // 5e6 * 1e6 / 20152864, integer division as the program's
        assertEquals(100, guest.of(0).size());
        assertEquals(1, guest.of(0).get(0).step());
        assertEquals((2_368_632_573L - 2_366_428_330L) / 1e6, guest.of(0).get(0).elapsedMs(), 1e-9);
        SchedRun fixed = load("host-host-loop-n1", "host", HostCondition.LOOP, 1);
        assertEquals(1_000_000, fixed.calNs(), "a run given its loops per ms says so as 1 ms of calibration");
    }

    /** The lab's headline: on this run the host loop stretched the guest's longest gap and its time to 100%. */
    @Test
    void headlineComparesTheLoopWithIdleAtN1() throws IOException {
        List<SchedSummary> rows = List.of(
                SchedSummary.of(load("guest-idle-n1", "guest", HostCondition.IDLE, 1), null),
                SchedSummary.of(load("guest-host-loop-n1", "guest", HostCondition.LOOP, 1), null));
        List<String> h = SchedReport.headline(rows, true);
        assertEquals("guest, N=1, host loop vs idle: longest gap 3.2x (7.4 vs 2.3 ms), time to 100% 2.37x "
                + "(246.8 vs 104.1 ms)", h.get(0));
        assertEquals(SchedReport.TCG_NOTE, h.get(1));
        String text = SchedReport.text(rows, 0, true);
        assertTrue(text.contains("\nGuest, N=1, host loop vs idle: longest gap 3.2x"), text);
        assertTrue(text.contains("\nThe guest ran under TCG: every step was emulated"), text);
    }

    @Test
    void outputThatIsNotTheProgramsIsAFailureWithItsFirstLines() throws IOException {
        LabsException e = assertThrows(LabsException.class, () -> SchedRun.parse("guest", HostCondition.IDLE, 2,
                100, fixture("guest-idle-n1")));
        assertTrue(e.getMessage().contains("expected a calibration, a start and 200 steps, got 100"), e.getMessage());
        e = assertThrows(LabsException.class, () -> SchedRun.parse("guest", HostCondition.IDLE, 1, 100,
                "sh: /tmp/sched-load: not found\n"));
        assertTrue(e.getMessage().contains("on the guest"), e.getMessage());
    }

    @Test
    void csvHasUnitsInTheHeaderAndOneRowPerStep() throws IOException {
        SchedRun a = load("guest-idle-n2", "guest", HostCondition.IDLE, 2);
        SchedRun b = load("host-host-loop-n1", "host", HostCondition.LOOP, 1);
        Path steps = tmp.resolve("steps.csv");
        Path summary = tmp.resolve("summary.csv");
        SchedCsv.writeSteps(steps, List.of(a, b));
        SchedSummary.CpuView tcg = CpuTicks.view(new long[] {100, 0}, new long[] {130, 0}, new long[] {10, 0},
                new long[] {30, 0}, 200, true);
        SchedCsv.writeSummary(summary, List.of(a, b), List.of(SchedSummary.of(a, tcg), SchedSummary.of(b, null)));
        List<CSVRecord> rows = read(steps);
        assertEquals(300, rows.size());
        assertEquals(List.of("side", "host_condition", "n", "process", "step", "progress_pct", "elapsed_ms"),
                rows.get(0).getParser().getHeaderNames());
        assertEquals("host-loop", rows.get(299).get("host_condition"));
        assertEquals("100.000", rows.get(299).get("progress_pct"));
        List<CSVRecord> s = read(summary);
        assertEquals("", s.get(0).get("guest_steal_pct"), "TCG: no steal clock, left empty");
        assertEquals("100.000", s.get(0).get("vcpu_thread_usr_pct"), "20 ticks of 10 ms in 200 ms");
        assertEquals("", s.get(1).get("vcpu_thread_usr_pct"), "the host side has no vCPU");
    }

    /** Real lines: a TCG guest's /proc/stat, this CI host's (itself a guest: it has steal), a TCG vCPU thread. */
    @Test
    void cpuAccountingLines() {
        assertEquals(List.of(272L, 0L), asList(CpuTicks.parseStat("cpu  8 0 150 112 0 0 2 0 0 0\n")));
        assertEquals(List.of(1_969_059L, 3353L),
                asList(CpuTicks.parseStat("cpu  1251348 0 226113 465414 14773 0 8058 3353 591 0")));
        String vcpu = "31747 (CPU 0/TCG) S 1 31741 31741 0 -1 138412224 7777 0 0 0 198 26 0 0 20 0 6 0 991865 "
                + "2173161472 66590 18446744073709551615 94462664413184 94462670273621 140725711532336 0 0 0 "
                + "2147220087 4096 16451 1 0 0 -1 0 0 0 0 0 0 94462673385720 94462678589872 94463155109888 "
                + "140725711533631 140725711534802 140725711534802 140725711536092 0";
        assertEquals(List.of(198L, 0L), asList(CpuTicks.parseThread(vcpu)));
        SchedSummary.CpuView kvm = CpuTicks.view(new long[] {1000, 10}, new long[] {1100, 40}, new long[] {0, 5},
                new long[] {2, 15}, 200, false);
        assertEquals(30.0, kvm.stealPct(), 1e-9);
        assertEquals(10.0, kvm.vcpuUserPct(), 1e-9);
        assertEquals(50.0, kvm.vcpuGuestPct(), 1e-9);
        assertNull(CpuTicks.view(new long[] {0, 0}, new long[] {1, 0}, new long[] {0, 0}, new long[] {0, 0}, 1, true)
                .stealPct());
    }

    private static List<Long> asList(long[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }

    private static List<CSVRecord> read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }
}
