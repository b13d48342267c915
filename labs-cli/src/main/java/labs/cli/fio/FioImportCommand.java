package labs.cli.fio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import labs.charts.ChartStyle;
import labs.charts.IoCompareCharts;
import labs.charts.Lang;
import labs.common.Echo;
import labs.common.LabsException;
import labs.common.ResultFile;
import labs.common.ResultsDir;
import labs.common.RunMeta;
import labs.common.Ui;
import labs.fio.FioCsv;
import labs.fio.FioJobResult;
import labs.fio.FioJsonParser;
import labs.fio.FioOutput;
import labs.fio.Measurement;
import labs.fio.SummaryTable;
import labs.fio.UsableJobs;
import labs.lab.LabOptions;
import labs.lab.LangOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code labs fio import [SIDE=]FILE...}: existing fio 3.x JSON outputs (yours, a classmate's, the book's
 * experiment re-run by hand) into the same tidy CSV and charts io-compare makes.
 */
@Command(name = "import", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Turn existing fio JSON outputs (fio 3.x) into labs' CSV and charts.",
            "",
            "Each FILE may be prefixed with the side it was measured on:",
            "  host=run1.json guest=run2.json",
            "Without a prefix the side is 'host' or 'guest' when the file name says so,",
            "else 'fio'. Jobs are grouped by pattern (read, write, randread, randwrite)",
            "and numjobs; several files of one side and job are repetitions (median and",
            "spread). With both host and guest, a guest/host ratio chart is drawn too.",
            "Output: results/fio-import/<timestamp>/: fio.csv, raw/ (copies), PNGs,",
            "meta.json.",
            ""},
        footer = {"", "Example:  labs fio import host=host-rand.json guest=guest-rand.json --lang ja"})
public final class FioImportCommand implements Callable<Integer> {
    @Mixin
    LabOptions lab;

    @Mixin
    LangOption lang;

    @Parameters(arity = "1..*", paramLabel = "[SIDE=]FILE", description = "fio JSON output files.")
    List<String> files;

    record Input(String side, Path file) {}

    @Override
    public Integer call() throws IOException {
        Lang language = lang.get();
        List<Input> inputs = new ArrayList<>();
        for (String arg : files) {
            inputs.add(input(arg));
        }
        // Parse and check everything before creating the results folder: bad input must not leave a half-made run.
        List<FioOutput> parsed = parseAll(inputs);
        List<UsableJobs> usable = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            usable.add(UsableJobs.of(parsed.get(i), inputs.get(i).file().toString()));
        }
        if (usable.stream().allMatch(u -> u.jobs().isEmpty())) {
            usable.forEach(u -> u.warnings().forEach(w -> Ui.warn("%s", w)));
            throw LabsException.usage("no job in " + (inputs.size() == 1 ? "this file" : "these files")
                    + " has figures to chart (see the warnings above)", "give fio outputs of runs that completed "
                    + "without error (\"error\" : 0 in each job)");
        }
        ResultsDir run = lab.newRun("fio-import");
        RunMeta meta = new RunMeta("fio-import");
        meta.accelerator = "none";
        meta.options.put("files", files);
        meta.options.put("lang", language.name().toLowerCase(Locale.ROOT));
        meta.save(run);
        try {
            return importInto(run, meta, inputs, parsed, usable, language);
        } catch (RuntimeException | IOException e) {
            // what was written stays; meta.json says the run is incomplete (a full disk may refuse even that:
            // its previous version, complete false, then stays)
            meta.error = e.getMessage();
            meta.finish(false);
            try {
                meta.save(run);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    private int importInto(ResultsDir run, RunMeta meta, List<Input> inputs, List<FioOutput> parsed,
            List<UsableJobs> usable, Lang language) throws IOException {
        Path raw = Files.createDirectories(run.file("raw"));
        List<Measurement> rows = new ArrayList<>();
        Map<String, Integer> reps = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            String copy = "raw/" + (i + 1) + "-" + in.file().getFileName();
            ResultFile.copy(in.file(), raw.resolve(copy.substring(4)));
            meta.versions.putIfAbsent("fio", parsed.get(i).fioVersion());
            for (String w : usable.get(i).warnings()) {
                Ui.warn("%s", w);
                meta.notes.add(w);
            }
            for (FioJobResult j : usable.get(i).jobs()) {
                Measurement first = Measurement.of(in.side(), j, 0, copy);
                String key = in.side() + "/" + first.workload() + "/" + first.numjobs();
                int rep = reps.merge(key, 1, Integer::sum);
                rows.add(Measurement.of(in.side(), j, rep, copy));
            }
        }
        FioCsv.write(run.file("fio.csv"), rows);
        meta.save(run);
        ChartStyle style = ChartStyle.forLang(language, Ui.TERMINAL);
        List<Path> charts = new IoCompareCharts(style, false).render(rows, run.path());
        meta.finish(true);
        meta.save(run);
        System.out.print(SummaryTable.format(rows));
        meta.notes.addAll(SummaryTable.warnSpread(rows, 3, Ui.TERMINAL));
        meta.save(run);
        System.out.printf("%d rows from %d files -> %s (fio.csv, %d charts)%n", rows.size(), inputs.size(),
                run.path(), charts.size());
        return 0;
    }

    /**
     * Each file parsed, as exit 2 with the parser's words when one is not fio's JSON. The same output given
     * twice (the same file, or a copy: two real runs never match byte for byte, fio stamps each with its time)
     * would count as two repetitions of one measurement, and is refused.
     */
    static List<FioOutput> parseAll(List<Input> inputs) {
        List<FioOutput> parsed = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Input in : inputs) {
            Path first = seen.putIfAbsent(digest(in.file()), in.file());
            if (first != null) {
                throw LabsException.usage(Echo.of(in.file()) + " is the same fio output as " + Echo.of(first)
                        + ": it would count as a second repetition of the same run",
                        "give each run's output once (each repetition is its own fio run)");
            }
            try {
                parsed.add(FioJsonParser.parse(in.file()));
            } catch (LabsException e) {
                // a file the user named is bad input: exit 2, with the parser's words
                throw new LabsException(e.getMessage(), e.why(), "give fio's JSON output (fio --output-format=json "
                        + "--output=FILE); text before the first '{' is fine", LabsException.EXIT_USAGE, e);
            }
        }
        return parsed;
    }

    private static String digest(Path file) {
        try (var in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw LabsException.usage("cannot read " + Echo.of(file) + ": " + Echo.of(e.getMessage()),
                    "give readable fio output files");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);   // every JDK has SHA-256
        }
    }

    static Input input(String arg) {
        String side = null;
        String path = arg;
        int eq = arg.indexOf('=');
        if (eq > 0 && arg.substring(0, eq).matches("[A-Za-z0-9_-]+") && !Files.exists(Path.of(arg))) {
            side = arg.substring(0, eq);
            path = arg.substring(eq + 1);
        }
        Path file = Path.of(path);
        if (Files.exists(file) && !Files.isRegularFile(file)) {   // a FIFO or device: never opened
            throw LabsException.usage(Echo.of(file) + " is not a regular file",
                    "give files made with fio --output-format=json --output=FILE");
        }
        if (!Files.isRegularFile(file)) {
            throw LabsException.usage("no such fio output file: " + Echo.of(file),
                    "give existing files made with fio --output-format=json --output=FILE");
        }
        if (side == null) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            side = name.contains("guest") ? "guest" : name.contains("host") ? "host" : "fio";
        }
        return new Input(side, file);
    }
}
