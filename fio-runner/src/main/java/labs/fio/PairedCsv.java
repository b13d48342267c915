package labs.fio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import labs.common.ResultFile;
import labs.stats.Estimate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * io-compare's paired tables: pairs.csv (one row per host/guest pair, its order and its ratio) and figures.csv
 * (one row per job and figure: N, median, the 95% interval of the median, its relative half-width, CV, and whether
 * the pairs stopped because the interval was narrow enough or because the maximum count was reached).
 */
public final class PairedCsv {
    public static final String[] PAIRS_HEADER = {"workload", "numjobs", "pair", "first", "host", "guest", "unit",
        "ratio_guest_host", "host_runtime_ms", "guest_runtime_ms"};
    public static final String[] FIGURES_HEADER = {"workload", "numjobs", "figure", "unit", "n", "median",
        "ci95_low", "ci95_high", "ci95_rel_half_width", "cv", "stopped", "target_rel_half_width"};

    private PairedCsv() {}

    public static void writePairs(Path file, List<PairSample> pairs) throws IOException {
        ResultFile.writeText(file, w -> {
            try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader(PAIRS_HEADER).get().print(w)) {
                for (PairSample s : pairs) {
                    boolean seq = s.workload().startsWith("seq");
                    p.printRecord(s.workload(), s.numjobs(), s.pair(), s.first(), fmt(scale(seq, s.host())),
                            fmt(scale(seq, s.guest())), unit(seq), fmt(s.ratio()), s.hostMs(), s.guestMs());
                }
            }
        });
    }

    public static void writeFigures(Path file, List<PairedFigure> figures) throws IOException {
        ResultFile.writeText(file, w -> {
            try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader(FIGURES_HEADER).get().print(w)) {
                for (PairedFigure f : figures) {
                    String stopped = f.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-');
                    row(p, f, "host", unit(f.sequential()), f.host(), f.sequential(), stopped);
                    row(p, f, "guest", unit(f.sequential()), f.guest(), f.sequential(), stopped);
                    row(p, f, "guest/host", "ratio", f.ratio(), false, stopped);
                }
            }
        });
    }

    private static void row(CSVPrinter p, PairedFigure f, String figure, String unit, Estimate e, boolean mib,
                            String stopped) throws IOException {
        p.printRecord(f.workload(), f.numjobs(), figure, unit, e.n(), fmt(scale(mib, e.median())),
                fmt(scale(mib, e.low())), fmt(scale(mib, e.high())),
                Double.isInfinite(e.relativeHalfWidth()) ? "" : fmt(e.relativeHalfWidth()), fmt(e.cv()), stopped,
                fmt(f.target()));
    }

    private static double scale(boolean seq, double v) { return seq ? v / FioJob.MIB : v; }

    private static String unit(boolean seq) { return seq ? "MiB/s" : "IOPS"; }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
