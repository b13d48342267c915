package labs.classroom;

import java.nio.file.Path;
import labs.common.ResultFile;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The class's tables. class.csv: one row per figure of every counted run (a duplicate's figures are not repeated),
 * with the run's student, machine (host_id, a hash of its fingerprint) and accelerator on every row, so a
 * spreadsheet can filter KVM from TCG. runs.csv: one row per folder found, counted, duplicate or malformed, so
 * the teacher can see that nothing handed in was lost.
 */
public final class ClassCsv {
    public static final String CLASS_CSV = "class.csv";
    public static final String RUNS_CSV = "runs.csv";
    static final String[] CLASS_HEADER = {"student", "run", "lab", "started", "accelerator", "host_id", "cpu_model",
        "labs_version", "complete", "workload", "numjobs", "figure", "unit", "value", "ci95_low", "ci95_high", "n"};
    static final String[] RUNS_HEADER = {"student", "run", "path", "lab", "started", "accelerator", "host_id", "complete",
        "status", "duplicate_of", "problem"};

    private ClassCsv() {}

    public static void write(ClassMerge.Result r, Path out) {
        ResultFile.writeText(out.resolve(CLASS_CSV), w -> {
            try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader(CLASS_HEADER).get().print(w)) {
                for (ClassMerge.Entry e : r.counted()) {
                    RunFolder x = e.run();
                    for (Figure f : e.figures()) {
                        p.printRecord(x.student(), x.name(), x.lab(), x.started(), x.accelerator(), x.hostId(),
                                x.cpuModel(), x.labsVersion(), x.complete(), f.workload(), f.numjobs(), f.figure(),
                                f.unit(), f.value(), f.low(), f.high(), f.n());
                    }
                }
            }
        });
        ResultFile.writeText(out.resolve(RUNS_CSV), w -> {
            try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader(RUNS_HEADER).get().print(w)) {
                for (ClassMerge.Entry e : r.entries()) {
                    RunFolder x = e.run();
                    p.printRecord(x.student(), x.name(), x.path().toString(), x.lab(), x.started(),
                            x.accelerator(), x.hostId(), x.complete(), e.counted() ? "counted" : "duplicate",
                            e.counted() ? "" : e.duplicateOf().toString(), "");
                }
                for (Malformed m : r.malformed()) {
                    p.printRecord(m.student(), "", m.path().toString(), "", "", "", "", "", "malformed", "", m.why());
                }
            }
        });
    }
}
