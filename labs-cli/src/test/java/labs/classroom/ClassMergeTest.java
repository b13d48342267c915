package labs.classroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import labs.cli.Main;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `labs class merge` over 30 students' folders made from real runs (see {@link ClassFolders}): mixed KVM and TCG,
 * s29's io-compare meta.json cut short (malformed), s30 handing in a byte-for-byte copy of s05's io-compare run,
 * and s12 handing in its vt-check run twice (a second copy with one more file: same machine, same start time).
 * Runs the real command line; checks class.csv row by row against what the generator wrote.
 */
class ClassMergeTest {
    static final int STUDENTS = 30;
    @TempDir
    static Path tmp;
    static Path out;
    static int exit;
    static String stdout;
    static String stderr;

    @BeforeAll
    static void mergeAClass() throws IOException {
        List<String> args = new ArrayList<>(List.of("class", "merge", "--lang", "en", "--out"));
        out = tmp.resolve("class-out");
        args.add(out.toString());
        for (int i = 1; i <= 29; i++) {
            args.add(ClassFolders.make(tmp.resolve("class"), i).toString());
        }
        Files.writeString(io(29).resolve("meta.json"), "{\"lab\": \"io-compare\", \"sta");
        Path s30 = Files.createDirectories(tmp.resolve("class/s30/results/io-compare/20261130-100005"));
        try (Stream<Path> files = Files.list(io(5))) {
            for (Path f : files.toList()) {
                Files.copy(f, s30.resolve(f.getFileName()));
            }
        }
        args.add(tmp.resolve("class/s30").toString());
        Path again = Files.createDirectories(tmp.resolve("class/s12/results/vt-check/copy"));
        try (Stream<Path> files = Files.list(vt(12))) {
            for (Path f : files.toList()) {
                Files.copy(f, again.resolve(f.getFileName()));
            }
        }
        Files.writeString(again.resolve("report.txt"), "handed in again\n");
        // s07 also has a run folder emptied of everything but a chart: reported, not skipped
        Files.write(Files.createDirectories(tmp.resolve("class/s07/results/io-compare/emptied")).resolve("a.png"),
                new byte[] {1});
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cmd = Main.commandLine(args.toArray(String[]::new));
        cmd.setOut(new PrintWriter(o));
        cmd.setErr(new PrintWriter(e));
        exit = cmd.execute(args.toArray(String[]::new));
        stdout = o.toString();
        stderr = e.toString();
    }

    static Path io(int i) { return tmp.resolve("class/" + ClassFolders.student(i) + "/results/io-compare/20261130-" + 1000 + i); }

    static Path vt(int i) { return tmp.resolve("class/" + ClassFolders.student(i) + "/results/vt-check/20261130-" + 2000 + i); }

    @Test
    void theClassCsvHoldsEveryCountedRunsFiguresAndNothingElse() throws IOException {
        List<CSVRecord> rows = read(out.resolve("class.csv"));
        List<List<String>> expected = new ArrayList<>();
        for (int i = 1; i <= 29; i++) {
            String s = ClassFolders.student(i);
            String a = ClassFolders.accel(i);
            String cpu = i % 3 == 0 ? "Intel Core i5-8250U" : "AMD EPYC";
            List<String> run = List.of(s, "results/io-compare/20261130-" + 1000 + i, "io-compare",
                    ClassFolders.BASE.plusMinutes(i).toString(), a, "HOST", cpu, "0.1.0 7b1f742754ee", "true");
            if (i != 29) {
                for (String line : ClassFolders.scaledFigures(i).split("\r\n")) {
                    String[] f = line.split(",", -1);
                    if (!f[0].equals("workload")) {
                        expected.add(concat(run, f[0], f[1], f[2], f[3], f[5], f[6], f[7], f[4]));
                    }
                }
            }
            List<String> vtRun = new ArrayList<>(run);
            vtRun.set(1, "results/vt-check/20261130-" + 2000 + i);
            vtRun.set(2, "vt-check");
            vtRun.set(3, ClassFolders.BASE.plusMinutes(i).plusSeconds(30).toString());
            boolean kvm = a.equals("kvm");
            expected.add(concat(vtRun, "vt-check", "", "kvm_usable", "bool", "" + kvm, "", "", ""));
            expected.add(concat(vtRun, "vt-check", "", "reason", "code", kvm ? "ok" : "no-hw-virt", "", "", ""));
            expected.add(concat(vtRun, "vt-check", "", "vmx_svm_cpus", "count", kvm ? "2" : "0", "", "", "2"));
        }
        List<List<String>> actual = new ArrayList<>();
        for (CSVRecord r : rows) {
            List<String> v = new ArrayList<>(r.toList());
            v.set(5, "HOST");
            actual.add(v);
        }
        assertEquals(28 * 12 + 29 * 3, expected.size());
        assertEquals(expected, actual);
    }

    @Test
    void eachStudentsMachineHasItsOwnHostIdOnEveryRow() throws IOException {
        Set<String> pairs = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (CSVRecord r : read(out.resolve("class.csv"))) {
            pairs.add(r.get("student") + " " + r.get("host_id"));
            ids.add(r.get("host_id"));
        }
        assertEquals(29, ids.size(), "one machine per student: " + pairs);
        assertEquals(29, pairs.size(), "one host_id per student: " + pairs);
    }

    @Test
    void theBrokenFolderIsReportedWithItsPathAndTheExitStatusIsOne() throws IOException {
        assertEquals(1, exit, stderr);
        assertTrue(stderr.contains("labs: malformed run folder " + io(29) + ": meta.json is not valid JSON"), stderr);
        assertTrue(stderr.contains("labs: malformed run folder " + tmp.resolve("class/s07/results/io-compare/emptied")
                + ": no meta.json: not a run folder of labs (1 other files)"), stderr);
        assertEquals(2, stderr.lines().filter(l -> l.startsWith("labs: malformed")).count(), stderr);
        List<CSVRecord> runs = read(out.resolve("runs.csv"));
        CSVRecord broken = runs.stream().filter(r -> r.get("status").equals("malformed"))
                .filter(r -> r.get("student").equals("s29")).findFirst().orElseThrow();
        assertEquals(io(29).toString(), broken.get("path"));
        assertTrue(Files.readString(out.resolve("class-summary.md")).contains(io(29).toString()));
    }

    @Test
    void bothKindsOfDuplicateAreFoundAndCountedOnce() throws IOException {
        List<CSVRecord> dups = read(out.resolve("runs.csv")).stream()
                .filter(r -> r.get("status").equals("duplicate")).toList();
        assertEquals(2, dups.size(), dups.toString());
        assertEquals(List.of("s12", vt(12).toString()), List.of(dups.get(0).get("student"),
                dups.get(0).get("duplicate_of")));
        assertEquals(List.of("s30", io(5).toString()), List.of(dups.get(1).get("student"),
                dups.get(1).get("duplicate_of")));
        assertTrue(stdout.contains("duplicate (not counted): " + tmp.resolve("class/s30/results/io-compare")), stdout);
        // 29 students x 2 runs (s29's io-compare malformed), s30's and s12's copies, s07's emptied folder
        assertEquals(29 * 2 + 2 + 1, read(out.resolve("runs.csv")).size(), "every folder found, one line each");
    }

    @Test
    void kvmAndTcgGetAChartEachAndTheSummaryKeepsThemApart() throws IOException {
        assertTrue(Files.size(out.resolve("class-io-ratio-kvm.png")) > 10_000);
        assertTrue(Files.size(out.resolve("class-io-ratio-tcg.png")) > 10_000);
        String summary = Files.readString(out.resolve("class-summary.md"), StandardCharsets.UTF_8);
        assertTrue(summary.contains("30 student folders: 57 runs counted on 29 machines, 2 duplicates, "
                + "2 malformed folders, 0 incomplete runs."), summary);
        assertTrue(summary.contains("### KVM") && summary.contains("### TCG"), summary);
        // KVM students 2..28 even: 14 runs; TCG 1..27 odd: 14 runs (s29 broken)
        assertTrue(summary.contains("| seq-read nj1 | 14 |"), summary);
        assertTrue(summary.contains("| KVM usable, vmx/svm on 2 CPUs | 14 |"), summary);
        assertTrue(summary.contains("| KVM not usable (no-hw-virt), vmx/svm on 0 CPUs | 15 |"), summary);
    }

    private static List<String> concat(List<String> run, String... more) {
        List<String> l = new ArrayList<>(run);
        l.addAll(List.of(more));
        return l;
    }

    private static List<CSVRecord> read(Path csv) throws IOException {
        try (Reader r = Files.newBufferedReader(csv);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            return p.getRecords();
        }
    }
}
