package labs.handout;

import labs.common.i18n.HandoutText;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import labs.charts.Lang;
import labs.common.Echo;

/**
 * What a handout shows of one run: its conditions (meta.json), its figures (the lab's CSVs, per {@link TableSpec}),
 * its text outputs, its charts (every PNG of the folder) and the notes the run wrote. A file the run lacks or that
 * cannot be read is listed in {@link #problems()} and shown as such: the rest of the handout is still made.
 */
public record RunFigures(Path run, RunConditions conditions, List<FigureTable> tables, List<RunText> texts,
        List<Chart> charts, List<String> notes, List<String> problems, boolean complete, String chartsLang) {

    /** A text output of the run (or its last lines). */
    record RunText(String file, List<String> lines, boolean lastOnly) {}

    public static RunFigures read(Path run, String lab, Lang lang) {
        JsonNode meta = MetaFile.read(run);
        List<String> problems = new ArrayList<>();
        List<FigureTable> tables = new ArrayList<>();
        for (TableSpec spec : TableSpec.TABLES.getOrDefault(lab, List.of())) {
            try {
                tables.add(FigureTable.read(run, spec));
            } catch (IOException | RuntimeException e) {
                problems.add(problem(spec.file(), e, lang));
            }
        }
        List<RunText> texts = new ArrayList<>();
        for (TableSpec.TextSpec spec : TableSpec.TEXTS.getOrDefault(lab, List.of())) {
            try {
                texts.add(text(run, spec));
            } catch (IOException e) {
                problems.add(problem(spec.file(), e, lang));
            }
        }
        List<String> notes = new ArrayList<>();
        meta.path("notes").forEach(n -> notes.add(FigureTable.cell(n.asText(""))));
        if (notes.size() > FigureTable.MAX_ROWS) {   // a page of notes at most; the rest stay in meta.json
            int more = notes.size() - FigureTable.MAX_ROWS;
            notes.subList(FigureTable.MAX_ROWS, notes.size()).clear();
            notes.add("… " + more + " " + HandoutText.MORE_NOTES.in(lang.language()));
        }
        return new RunFigures(run, RunConditions.of(meta, lang), tables, texts, charts(run, problems, lang), notes,
                problems, meta.path("complete").asBoolean(false), meta.path("options").path("lang").asText(""));
    }

    private static RunText text(Path run, TableSpec.TextSpec spec) throws IOException {
        List<String> lines = new String(RunFiles.bytes(run.resolve(spec.file())), StandardCharsets.UTF_8)
                .lines().map(FigureTable::cell).toList();
        int keep = spec.lastLines() > 0 ? spec.lastLines() : FigureTable.MAX_ROWS;
        boolean cut = lines.size() > keep;
        return new RunText(spec.file(), cut ? lines.subList(lines.size() - keep, lines.size()) : lines,
                cut && spec.lastLines() > 0);
    }

    /** "file: why", in the page's language when labs knows why (a CSV's parse error stays the parser's words). */
    private static String problem(String file, Exception e, Lang lang) {
        return Echo.of(file) + ": " + (e instanceof RunFiles.Unusable u ? u.in(lang)
                : e instanceof IOException io ? HandoutFiles.why(io) : Echo.of(e.getMessage()));
    }

    private static List<Chart> charts(Path run, List<String> problems, Lang lang) {
        List<Path> pngs = new ArrayList<>();
        try (var s = Files.list(run)) {
            s.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().forEach(pngs::add);
        } catch (IOException e) {
            problems.add(problem(run.toString(), e, lang));
        }
        List<Chart> charts = new ArrayList<>();
        for (Path p : pngs) {
            try {
                charts.add(Chart.read(p));
            } catch (IOException e) {
                problems.add(problem(p.getFileName().toString(), e, lang));
            }
        }
        return charts;
    }
}
