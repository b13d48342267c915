package labs.classroom;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * vm-exit's figures from measurements.csv (one row per step, case, side and repetition): per case and side, the
 * median CPU time per operation over the repetitions, the figure the lab's summary quotes (CPU time, not wall
 * time: on a shared machine wall time counts other processes' turns).
 */
final class VmExitFigures {
    static final String UNIT = "ns/op (CPU)";

    private VmExitFigures() {}

    static List<Figure> read(RunFolder run) throws MalformedRunException {
        Path f = run.path().resolve("measurements.csv");
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            if (!run.complete()) {
                return List.of();
            }
            throw new MalformedRunException("a complete vm-exit run with no measurements.csv");
        }
        Map<String, List<Double>> byCase = new LinkedHashMap<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS), StandardCharsets.UTF_8)); CSVParser p = format.parse(r)) {
            if (!p.getHeaderNames().containsAll(List.of("case", "where", "cpu_ns_per_op"))) {
                throw new MalformedRunException("measurements.csv: header " + p.getHeaderNames()
                        + " lacks case, where or cpu_ns_per_op");
            }
            for (CSVRecord rec : p) {
                byCase.computeIfAbsent(rec.get("case") + "\t" + rec.get("where"), k -> new ArrayList<>())
                        .add(Double.parseDouble(rec.get("cpu_ns_per_op")));
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new MalformedRunException("measurements.csv cannot be read: "
                    + MetaReader.firstLine(e.getMessage()));
        }
        if (byCase.isEmpty() && run.complete()) {
            throw new MalformedRunException("measurements.csv has no rows");
        }
        List<Figure> out = new ArrayList<>();
        byCase.forEach((k, v) -> {
            String[] cw = k.split("\t", 2);
            double median = Distributions.fiveNumbers(v)[2];
            out.add(new Figure(cw[0], "", cw[1], UNIT, String.format(Locale.ROOT, "%.4f", median), "", "",
                    Integer.toString(v.size())));
        });
        return out;
    }
}
