package labs.lab.vmexit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import labs.vmm.ExitKind;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The vm-exit lab's tidy CSV files: one row per probe, per exit kind, per KVM counter. */
public final class ProbeCsv {
    private ProbeCsv() {}

    /**
     * measurements.csv: step, case, where, rep, operations, nanos (wall time, MARK to DONE or the host call),
     * overhead_nanos (the MARK-to-DONE round trip taken off), ns_per_op = (nanos - overhead) / operations, and the
     * same three for the CPU time of the vCPU thread (cpu_*), which leaves out time spent waiting for a CPU.
     */
    public static void measurements(Path file, List<Row> rows) {
        print(file, new String[] {"step", "case", "where", "rep", "operations", "nanos", "overhead_nanos",
            "ns_per_op", "cpu_nanos", "cpu_overhead_nanos", "cpu_ns_per_op"}, p -> {
            for (Row r : rows) {
                Probe pr = r.probe();
                p.printRecord(r.step(), pr.name(), pr.where(), r.rep(), pr.operations(),
                        pr.time().wallNanos(), pr.overhead().wallNanos(),
                        String.format(Locale.ROOT, "%.4f", pr.nsPerOp()),
                        pr.time().cpuNanos(), pr.overhead().cpuNanos(),
                        String.format(Locale.ROOT, "%.4f", pr.cpuNsPerOp()));
            }
        });
    }

    /** exits.csv: the VMM's count of exits by kind for every guest run. */
    public static void exits(Path file, List<Row> rows) {
        print(file, new String[] {"step", "case", "where", "rep", "exit_kind", "count"}, p -> {
            for (Row r : rows) {
                if (r.probe().exits() != null) {
                    for (Map.Entry<ExitKind, Long> e : r.probe().exits().nonZero().entrySet()) {
                        p.printRecord(r.step(), r.probe().name(), r.probe().where(), r.rep(),
                                e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
                    }
                }
            }
        });
    }

    /** kvm-stats.csv: KVM's own counters (KVM_GET_STATS_FD) that changed during each guest run. */
    public static void kvmStats(Path file, List<Row> rows) {
        print(file, new String[] {"step", "case", "where", "rep", "stat", "delta"}, p -> {
            for (Row r : rows) {
                for (Map.Entry<String, Long> e : r.probe().kvmStats().entrySet()) {
                    p.printRecord(r.step(), r.probe().name(), r.probe().where(), r.rep(), e.getKey(), e.getValue());
                }
            }
        });
    }

    /** A probe with the lab step it belongs to and its repetition number (1-based). */
    public record Row(int step, int rep, Probe probe) {}

    private interface Body {
        void write(CSVPrinter p) throws IOException;
    }

    /** Written beside and renamed into place; a full disk is an exit-2 error with the fix (ResultFile). */
    private static void print(Path file, String[] header, Body body) {
        labs.common.ResultFile.writeText(file, w -> {
            try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader(header).get().print(w)) {
                body.write(p);
            }
        });
    }
}
