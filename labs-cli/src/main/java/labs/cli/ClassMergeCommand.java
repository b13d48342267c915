package labs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import labs.charts.ChartStyle;
import labs.classroom.ClassMerge;
import labs.classroom.ClassReport;
import labs.classroom.Malformed;
import labs.common.Echo;
import labs.common.LabsException;
import labs.common.Ui;
import labs.lab.LangOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code labs class merge}: many students' results folders into one class CSV, charts and summary. */
@Command(name = "merge", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Merge the results folders of a class: one folder per student (their results/ folder, or"
                + " any folder holding run folders with meta.json).",
            "Writes class.csv (one row per figure of every run: io-compare's host, guest and guest/host medians,"
                + " vt-check's verdict and vmx/svm count, vm-exit's CPU time per operation), runs.csv (every folder found and what became of it),"
                + " a box chart of the guest/host ratio per workload for KVM and for TCG (never pooled), and"
                + " class-summary.md.",
            "A run handed in twice (same machine fingerprint and start time, or the same files) is counted once."
                + " A folder that is not a run of labs is printed with its path and the reason, and labs exits 1."},
        footer = {"", "Example:  labs class merge --out class-2026 submissions/*/"})
final class ClassMergeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "STUDENT_DIR", arity = "1..*", description = "One results folder per student.")
    List<Path> dirs;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "class",
            description = "Where to write the class's files (default: ${DEFAULT-VALUE}/); made if missing.")
    Path out;

    @Mixin
    LangOption lang;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        for (Path d : dirs) {
            // a typo on the command line, not a student's malformed folder: nothing is merged yet
            if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                throw LabsException.usage(Echo.of(d.toString()) + ": no such folder",
                        "check the path (labs class merge STUDENT_DIR..., one results folder per student)");
            }
        }
        makeOut();
        Map<String, Path> students = ClassMerge.students(dirs);
        ClassMerge.Result r = ClassMerge.merge(students);
        List<Path> files = ClassReport.write(r, students.size(), out, ChartStyle.forLang(lang.get(), Ui.TERMINAL));
        var o = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        r.duplicates().forEach(d -> o.printf("duplicate (not counted): %s is the same run as %s%n",
                Echo.of(d.run().path().toString()), Echo.of(d.duplicateOf().toString())));
        for (Malformed m : r.malformed()) {
            err.printf("labs: malformed run folder %s: %s%n", Echo.of(m.path().toString()), Echo.of(m.why()));
        }
        o.printf("%d students, %d runs counted, %d duplicates, %d malformed -> %s%n", students.size(),
                r.counted().size(), r.duplicates().size(), r.malformed().size(), Echo.of(out.toString()));
        files.forEach(f -> o.println("  " + Echo.of(out.relativize(f).toString())));
        o.flush();
        if (!r.malformed().isEmpty()) {
            err.println("  fix: ask the student for the folder again (a run folder holds meta.json as labs wrote it),"
                    + " or leave it out; the rest is merged");
            err.flush();
            return LabsException.EXIT_FAILED;
        }
        return 0;
    }

    private void makeOut() throws IOException {
        if (Files.isSymbolicLink(out) || (Files.exists(out) && !Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS))) {
            throw LabsException.usage("--out " + Echo.of(out.toString()) + (Files.isSymbolicLink(out)
                    ? " is a symbolic link (labs writes only into a folder it does not have to follow a link to)"
                    : " is not a folder"),
                    "give --out a new or existing folder, e.g. --out class");
        }
        Files.createDirectories(out);
    }
}
