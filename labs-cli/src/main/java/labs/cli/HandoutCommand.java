package labs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import labs.charts.Lang;
import labs.common.Echo;
import labs.common.LabsException;
import labs.common.Ui;
import labs.common.i18n.CliText;
import labs.common.i18n.Msg;
import labs.common.i18n.ProgressText;
import labs.handout.Handout;
import labs.handout.HandoutSource;
import labs.handout.RunPick;
import labs.lab.LangOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code labs handout LAB}: the lab's handout filled with the figures, charts and conditions of your own run. */
@Command(name = "handout", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Make a lab's handout from your own run: one self-contained HTML page (charts inline, an A4"
                + " print stylesheet) and a PDF, from the handout in notebooks/ and the run's figures, charts,"
                + " conditions and machine.",
            "Without --run it takes the newest complete run of LAB under the results folder; a run that stopped part"
                + " way is used only when --run names it (its page then says what is missing).",
            "It writes OUT/NN-LAB-RUN.LANG.html and .pdf, e.g. handouts/03-io-compare-20261130-180434.ja.pdf."},
        footer = {"", "Examples:",
            "  labs run io-compare --quick --lang ja && labs handout io-compare --lang ja",
            "  labs handout cpu-overhead --run results/cpu-overhead/20261130-180434",
            "  LANG=ja_JP.UTF-8 labs handout vt-check --out ~/handouts"})
final class HandoutCommand implements Callable<Integer> {
    @Parameters(paramLabel = "LAB", description = "vt-check, vm-lifecycle, io-compare, cpu-overhead, vm-exit or"
            + " sched-virt.")
    String lab;

    @Option(names = "--run", paramLabel = "DIR", description = "The run folder to use (default: the newest of LAB).")
    Path run;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "${env:LABS_RESULTS:-results}",
            description = "Where the runs are, when --run is not given (default: ${DEFAULT-VALUE}).")
    String results;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "handouts",
            description = "Where to write the HTML and the PDF (default: ${DEFAULT-VALUE}/); made if missing.")
    Path out;

    @Option(names = "--lang", paramLabel = "ja|en", defaultValue = "auto", converter = LangOption.Converter.class,
            description = "Language of the handout (default: from the locale); the charts stay as the run drew them.")
    Lang lang;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!HandoutSource.LABS.contains(lab)) {
            throw LabsException.usage(Msg.get(CliText.NO_LAB, Echo.of(lab)),
                    Msg.get(CliText.NO_LAB_FIX, String.join(", ", HandoutSource.LABS)));
        }
        if (Files.isSymbolicLink(out) || Files.exists(out) && !Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
            throw LabsException.usage(Msg.get(Files.isSymbolicLink(out) ? CliText.OUT_LINK : CliText.OUT_NOT_FOLDER,
                    Echo.of(out.toString())), Msg.get(CliText.OUT_FIX));
        }
        if (results == null || results.isBlank()) {
            throw LabsException.usage(Msg.get(CliText.RESULTS_EMPTY), Msg.get(CliText.RESULTS_EMPTY_FIX));
        }
        Path folder = run != null ? RunPick.given(run, lab) : RunPick.newest(Path.of(results), lab);
        Handout.Made made = Handout.make(lab, folder, lang, out);
        var o = spec.commandLine().getOut();
        o.println(Msg.get(CliText.HANDOUT_OF, Echo.of(folder.toString())));
        o.println("  " + Echo.of(made.html().toString()));
        o.println("  " + Echo.of(made.pdf().toString()));
        String warning = "  " + Msg.get(ProgressText.WARNING) + ": ";
        made.problems().forEach(p -> o.println(warning + Msg.get(CliText.NOT_SHOWN, p)));
        made.notices().forEach(n -> o.println("  " + Msg.get(CliText.NOTE) + ": " + n));
        if (!made.missingGlyphs().isEmpty()) {
            o.println(warning + Msg.get(CliText.NO_FONT, String.join(", ", made.missingGlyphs())));
        }
        if (Ui.debug()) {
            made.rendererWarnings().forEach(w -> o.println("  renderer: " + w));
        }
        o.flush();
        return 0;
    }
}
