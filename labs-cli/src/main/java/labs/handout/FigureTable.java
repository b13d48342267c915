package labs.handout;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** One table of a run's figures, read from its CSV as a {@link TableSpec} says. */
record FigureTable(TableSpec spec, List<String> header, List<List<String>> rows, int rowsLeftOut) {
    /** A page holds about this many rows; the rest stay in the file, and the table says how many. */
    static final int MAX_ROWS = 40;
    /** Characters of a cell, a note or a text line shown; the longest labs writes (a check's title) is ~150. */
    static final int MAX_CELL = 400;

    static FigureTable read(Path run, TableSpec spec) throws IOException {
        String text = new String(RunFiles.bytes(run.resolve(spec.file())), StandardCharsets.UTF_8);
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text)).getRecords();
        List<String> header = new ArrayList<>(spec.keys());
        header.addAll(spec.values());
        List<List<String>> rows = spec.summary() == TableSpec.Summary.ROWS ? asIs(records, header)
                : summarised(records, spec);
        int left = Math.max(0, rows.size() - MAX_ROWS);
        return new FigureTable(spec, header, rows.subList(0, rows.size() - left), left);
    }

    private static List<List<String>> asIs(List<CSVRecord> records, List<String> columns) {
        List<List<String>> rows = new ArrayList<>();
        for (CSVRecord r : records) {
            rows.add(columns.stream().map(c -> r.isMapped(c) && r.isSet(c) ? cell(r.get(c)) : "").toList());
        }
        return rows;
    }

    /** Rows grouped by the key columns, in the order the groups first appear; each value column summarised. */
    private static List<List<String>> summarised(List<CSVRecord> records, TableSpec spec) {
        Map<List<String>, List<CSVRecord>> groups = new LinkedHashMap<>();
        for (CSVRecord r : records) {
            List<String> key = spec.keys().stream().map(c -> r.isMapped(c) && r.isSet(c) ? cell(r.get(c)) : "")
                    .toList();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<List<String>> rows = new ArrayList<>();
        for (var g : groups.entrySet()) {
            List<String> row = new ArrayList<>(g.getKey());
            for (String c : spec.values()) {
                row.add(format(summary(g.getValue(), c, spec.summary())));
            }
            rows.add(row);
        }
        return rows;
    }

    private static double summary(List<CSVRecord> group, String column, TableSpec.Summary how) {
        double[] v = group.stream().filter(r -> r.isMapped(column) && r.isSet(column) && !r.get(column).isBlank())
                .mapToDouble(r -> Double.parseDouble(r.get(column))).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        if (how == TableSpec.Summary.MEAN) {
            return Arrays.stream(v).average().orElse(Double.NaN);
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** A cell as the page shows it: labs' cells are short, a megabyte one would be pages of one table cell. */
    static String cell(String s) {
        return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL) + "…";   // Xml.esc handles control characters
    }

    /** Four significant figures or so: enough to compare, few enough to read. */
    static String format(double x) {
        if (Double.isNaN(x)) {
            return "";
        }
        double a = Math.abs(x);
        if (a == Math.rint(a) && a < 1e9) {
            return String.format(Locale.ROOT, "%d", (long) x);
        }
        String f = a >= 100 ? "%.1f" : a >= 1 ? "%.3f" : "%.4g";
        return String.format(Locale.ROOT, f, x);
    }
}
