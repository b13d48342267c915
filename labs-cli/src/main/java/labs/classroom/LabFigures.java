package labs.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import labs.fio.PairedCsv;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The figures each lab's run folder holds, as the class CSV's rows: io-compare's figures.csv (one row per workload,
 * numjobs and figure, as {@link PairedCsv} writes it) and vt-check's report.json (the verdict and the book's vmx/svm
 * count), vm-exit's measurements.csv ({@link VmExitFigures}). A lab not listed here is counted and listed, with no figures.
 */
final class LabFigures {
    private static final Set<String> IO_FIGURES = Set.of("host", "guest", "guest/host");

    private LabFigures() {}

    /** The run's figures; an incomplete run may have none, a complete one of a merged lab must. */
    static List<Figure> read(RunFolder run) throws MalformedRunException {
        return switch (run.lab()) {
            case "io-compare" -> ioCompare(run);
            case "vt-check" -> vtCheck(run);
            case "vm-exit" -> VmExitFigures.read(run);
            default -> List.of();
        };
    }

    private static List<Figure> ioCompare(RunFolder run) throws MalformedRunException {
        Path f = run.path().resolve("figures.csv");
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            if (!run.complete()) {
                return List.of();
            }
            throw new MalformedRunException("a complete io-compare run with no figures.csv");
        }
        List<Figure> out = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS), StandardCharsets.UTF_8)); CSVParser p = format.parse(r)) {
            if (!p.getHeaderNames().equals(Arrays.asList(PairedCsv.FIGURES_HEADER))) {
                throw new MalformedRunException("figures.csv: header is " + p.getHeaderNames() + ", expected "
                        + String.join(",", PairedCsv.FIGURES_HEADER));
            }
            for (CSVRecord rec : p) {
                out.add(ioRow(rec));
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new MalformedRunException("figures.csv cannot be read: " + MetaReader.firstLine(e.getMessage()));
        }
        if (out.isEmpty() && run.complete()) {
            throw new MalformedRunException("figures.csv has no rows");
        }
        return out;
    }

    private static Figure ioRow(CSVRecord rec) throws MalformedRunException {
        if (!rec.isConsistent()) {
            throw new MalformedRunException("figures.csv line " + rec.getRecordNumber() + " has "
                    + rec.size() + " fields, not " + PairedCsv.FIGURES_HEADER.length);
        }
        String figure = rec.get("figure");
        if (!IO_FIGURES.contains(figure)) {
            throw new MalformedRunException("figures.csv line " + rec.getRecordNumber() + ": unknown figure '"
                    + figure + "'");
        }
        number(rec, "median", true);   // PairedCsv writes an undefined median (no measurement) as empty
        number(rec, "numjobs", false);
        return new Figure(rec.get("workload"), rec.get("numjobs"), figure, rec.get("unit"), rec.get("median"),
                rec.get("ci95_low"), rec.get("ci95_high"), rec.get("n"));
    }

    private static void number(CSVRecord rec, String column, boolean emptyOk) throws MalformedRunException {
        if (emptyOk && rec.get(column).isEmpty()) {
            return;
        }
        try {
            Double.parseDouble(rec.get(column));
        } catch (NumberFormatException e) {
            throw new MalformedRunException("figures.csv line " + rec.getRecordNumber() + ": " + column + " is '"
                    + rec.get(column) + "', not a number");
        }
    }

    private static List<Figure> vtCheck(RunFolder run) throws MalformedRunException {
        if (!Files.exists(run.path().resolve("report.json"), LinkOption.NOFOLLOW_LINKS) && !run.complete()) {
            return List.of();
        }
        JsonNode report = MetaReader.json(run.path(), "report.json");
        JsonNode verdict = report.path("verdict");
        JsonNode cpu = report.path("cpu");
        if (!verdict.path("kvmUsable").isBoolean() || !cpu.path("hwVirtCount").isInt()) {
            throw new MalformedRunException("report.json has no verdict.kvmUsable or cpu.hwVirtCount");
        }
        String procs = cpu.path("processors").asText("");
        return List.of(
                new Figure("vt-check", "", "kvm_usable", "bool", verdict.get("kvmUsable").asText(), "", "", ""),
                new Figure("vt-check", "", "reason", "code", verdict.path("reasonCode").asText(""), "", "", ""),
                new Figure("vt-check", "", "vmx_svm_cpus", "count", cpu.get("hwVirtCount").asText(), "", "", procs));
    }
}
