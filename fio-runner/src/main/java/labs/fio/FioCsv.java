package labs.fio;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Collection;
import labs.common.ResultFile;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The tidy fio CSV: one row per side x workload x numjobs x repetition, units in the header. */
public final class FioCsv {
    public static final String[] HEADER = {"side", "workload", "rw", "numjobs", "repetition", "bs_bytes",
        "bw_bytes_per_s", "bw_mib_per_s", "iops", "clat_mean_ms", "clat_p50_ms", "clat_p99_ms", "runtime_ms",
        "io_bytes", "error", "raw_json"};

    private FioCsv() {}

    /** Written beside and renamed into place (see ResultFile). */
    public static void write(Path file, Collection<Measurement> rows) throws IOException {
        ResultFile.writeText(file, w -> writeTo(w, rows));
    }

    private static void writeTo(Writer w, Collection<Measurement> rows) throws IOException {
        try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader(HEADER).get().print(w)) {
            for (Measurement m : rows) {
                DirectionStats s = m.stats();
                p.printRecord(m.side(), m.workload(), m.rw() == null ? "" : m.rw().fioName(), m.numjobs(),
                        m.repetition(), m.bs(), Math.round(s.bwBytesPerSec()),
                        fmt(s.bwBytesPerSec() / FioJob.MIB), fmt(s.iops()), fmt(s.clatMeanNs() / 1e6),
                        fmt(s.clatP50Ns() / 1e6), fmt(s.clatP99Ns() / 1e6), s.runtimeMs(), s.ioBytes(), m.error(),
                        m.rawFile());
            }
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(java.util.Locale.ROOT, "%.4f", v);
    }
}
