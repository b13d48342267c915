package labs.handout;

import java.util.List;
import java.util.Map;

/**
 * Which figures of a run a handout shows: a CSV file of the run folder, the columns to show, and whether rows are
 * shown as they are or summarised per group of key columns (repetitions become their median, per-second samples
 * their mean), so a table fits an A4 page and matches what the handout's questions ask about.
 */
record TableSpec(String file, List<String> keys, List<String> values, Summary summary) {
    enum Summary { ROWS, MEDIAN, MEAN }

    /** Characters of column names side by side that fit A4's 17.8 cm of text at the tables' 8.5 pt (measured). */
    static final int MAX_HEADER_CHARS = 76;

    /** A text file shown as it is (its last lines when lastLines &gt; 0). */
    record TextSpec(String file, int lastLines) {}

    /**
     * Per lab, in the order the handout shows them; the column names are the CSV's, as the handouts quote them. A
     * table's names together stay within {@link #MAX_HEADER_CHARS}: a name does not break, so a wider table is cut.
     */
    static final Map<String, List<TableSpec>> TABLES = Map.of(
            "vt-check", List.of(rows("checks.csv", "status", "id", "title")),
            "vm-lifecycle", List.of(rows("steps.csv", "step", "seconds")),
            "io-compare", List.of(rows("figures.csv", "workload", "numjobs", "figure", "unit", "n", "median",
                    "ci95_low", "ci95_high", "stopped")),
            "cpu-overhead", List.of(
                    rows("job-times.csv", "side", "repetition", "iterations", "cpu_seconds", "wall_seconds"),
                    new TableSpec("cpu-mpstat.csv", List.of("side", "phase", "cpu"),
                            List.of("usr_pct", "sys_pct", "guest_pct", "steal_pct", "idle_pct"), Summary.MEAN)),
            "vm-exit", List.of(
                    new TableSpec("measurements.csv", List.of("step", "case", "where"),
                            List.of("operations", "ns_per_op", "cpu_ns_per_op"), Summary.MEDIAN),
                    new TableSpec("exits.csv", List.of("step", "case", "where", "exit_kind"), List.of("count"),
                            Summary.MEDIAN)),
            // two tables of the same rows: all ten columns side by side were wider than A4, the last ones cut off
            "sched-virt", List.of(
                    rows("summary.csv", "side", "host_condition", "n", "time_to_100_ms", "longest_gap_ms", "lost_pct",
                            "median_step_ms"),
                    rows("summary.csv", "side", "host_condition", "n", "guest_steal_pct", "vcpu_thread_usr_pct",
                            "vcpu_thread_guest_pct")));

    static final Map<String, List<TextSpec>> TEXTS = Map.of(
            "vt-check", List.of(new TextSpec("report.txt", 2)),
            "vm-lifecycle", List.of(new TextSpec("ps.txt", 0)));

    private static TableSpec rows(String file, String... columns) {
        return new TableSpec(file, List.of(), List.of(columns), Summary.ROWS);
    }
}
