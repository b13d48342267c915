package labs.lab.sched;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import labs.common.ResultFile;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The lab's tables: every step of every run (steps.csv), and one summary row per run (summary.csv). */
public final class SchedCsv {
    private SchedCsv() {}

    public static final String STEPS = "steps.csv";
    public static final String SUMMARY = "summary.csv";
    static final String[] STEP_HEADER = {"side", "host_condition", "n", "process", "step", "progress_pct",
        "elapsed_ms"};
    static final String[] SUMMARY_HEADER = {"side", "host_condition", "n", "loops_per_ms", "time_to_100_ms",
        "longest_gap_ms", "lost_pct", "median_step_ms", "guest_steal_pct", "vcpu_thread_usr_pct",
        "vcpu_thread_guest_pct"};

    public static void writeSteps(Path file, List<SchedRun> runs) {
        ResultFile.writeText(file, w -> {
            try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader(STEP_HEADER).get().print(w)) {
                for (SchedRun r : runs) {
                    int steps = r.steps().size() / r.n();
                    for (SchedRun.Step s : r.steps()) {
                        p.printRecord(r.side(), r.condition().csvName, r.n(), s.process(), s.step(),
                                fmt(100.0 * s.step() / steps), fmt(s.elapsedMs()));
                    }
                }
            }
        });
    }

    public static void writeSummary(Path file, List<SchedRun> runs, List<SchedSummary> rows) {
        ResultFile.writeText(file, w -> {
            try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader(SUMMARY_HEADER).get().print(w)) {
                for (int i = 0; i < rows.size(); i++) {
                    SchedSummary s = rows.get(i);
                    SchedSummary.CpuView c = s.cpu();
                    p.printRecord(s.side(), s.condition().csvName, s.n(), runs.get(i).loopsPerMs(),
                            fmt(s.timeTo100Ms()), fmt(s.longestGapMs()), fmt(s.lostPct()), fmt(s.medianStepMs()),
                            c == null || c.stealPct() == null ? "" : fmt(c.stealPct()),
                            c == null ? "" : fmt(c.vcpuUserPct()), c == null ? "" : fmt(c.vcpuGuestPct()));
                }
            }
        });
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
