package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import labs.cli.vm.LabsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 2 for real: with --lang ja, what labs itself says is Japanese. vm-lifecycle --quick runs for real
 * (two guests booted, cloned, destroyed: about 20 s), through the built jar in a child JVM with LABS_LANG=en in its
 * environment (so --lang ja, not the locale, chose the language); its terminal lines and transcript.txt hold no
 * English sentence (EnglishLines), leaving out what other programs printed (the transcript's indented command
 * output, the `$ command` lines). vt-check, vm-exit, cpu-overhead and sched-virt --quick the same way. Then the errors users meet most,
 * said in Japanese with their commands as typed.
 */
class JapaneseOutputIT {
    @TempDir
    Path tmp;

    /** labs with LABS_LANG=en around it, so --lang ja, not the locale, chose the language (up to 10 min). */
    private LabsCli.Run labs(String... args) throws Exception {
        return LabsCli.run(Files.createDirectories(tmp.resolve("data")), Map.of("LABS_LANG", "en"), 10, args);
    }

    @Test
    void vmLifecycleSpeaksJapaneseThroughout() throws Exception {
        Path results = tmp.resolve("results");
        LabsCli.Run r = labs("run", "vm-lifecycle", "--quick", "--lang", "ja", "--results", results.toString());
        assertEquals(0, r.exit(), r.err());
        Path run = LabAssert.onlyRun(results, "vm-lifecycle");
        List<String> transcript = Files.readAllLines(run.resolve("transcript.txt")).stream()
                .filter(l -> !l.startsWith("     ") && !l.startsWith("   $ ")).toList();
        assertTrue(transcript.stream().anyMatch(l -> l.startsWith("== ステップ 1: 仮想マシンを作る")), transcript.toString());
        assertTrue(r.err().contains("ゲストイメージを確認します"), r.err());
        // labs vm list's table in the transcript (command output, so not in the lines checked below): its headers
        // and states are labs' own words, as labs vm list says them
        String whole = Files.readString(run.resolve("transcript.txt"));
        assertTrue(whole.contains("名前") && whole.contains("状態") && whole.contains("実行中"), whole);
        List<String> lines = new ArrayList<>(transcript);
        lines.addAll(r.err().lines().toList());
        lines.addAll(r.out().lines().filter(l -> !l.startsWith("     ") && !l.startsWith("   $ ")).toList());
        assertEquals(List.of(), EnglishLines.in(lines));
    }

    /**
     * vt-check on this machine (about 1 s): every check line with its cause and fix, the host line, the summary
     * and the verdict, on the terminal and in report.txt, plus checks.csv's and report.json's texts; commands stay
     * as typed. The dumps' findings this machine does not reach are VtCheckJapaneseTest's.
     */
    @Test
    void vtCheckSpeaksJapaneseThroughout() throws Exception {
        Path results = tmp.resolve("results-vt-check");
        LabsCli.Run r = labs("run", "vt-check", "--lang", "ja", "--results", results.toString());
        assertTrue(r.exit() == 0 || r.exit() == 1, r.err());
        assertTrue(r.out().contains("ホスト: ") && r.out().contains("KVM による高速化"), r.out());
        Path run = LabAssert.onlyRun(results, "vt-check");
        List<String> lines = new ArrayList<>(r.out().lines().toList());
        lines.addAll(r.err().lines().toList());
        lines.addAll(Files.readAllLines(run.resolve("report.txt")));
        // checks.csv's cells one by one (a quoted cell would hide its words from EnglishLines)
        try (var csv = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().get()
                .parse(Files.newBufferedReader(run.resolve("checks.csv")))) {
            csv.forEach(rec -> List.of("title", "cause", "fix").forEach(c -> lines.add(rec.get(c))));
        }
        assertEquals(List.of(), EnglishLines.in(lines));
        // --json: ids and statuses stay as they are; titles, causes and fixes follow the language like the terminal
        LabsCli.Run json = labs("run", "vt-check", "--lang", "ja", "--json", "--results", results.toString());
        List<String> texts = new ArrayList<>();
        for (var f : labs.common.Json.MAPPER.readTree(json.out()).path("findings")) {
            assertTrue(f.path("id").asText().matches("[a-z0-9._+-]+") && f.path("status").asText().matches("[A-Z]+"),
                    f.toString());
            for (String field : List.of("title", "why", "fix")) {
                if (f.hasNonNull(field)) {
                    texts.add(f.path(field).asText());
                }
            }
        }
        assertTrue(texts.size() > 10, json.out());
        assertEquals(List.of(), EnglishLines.in(texts));
    }

    /** vm-exit --quick: the lab's own VMM on /dev/kvm, about 2 s; skipped where /dev/kvm does not open. */
    @Test
    void vmExitSpeaksJapaneseThroughout() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/dev/kvm"))
                && Files.isWritable(Path.of("/dev/kvm")), "needs /dev/kvm read-write: vm-exit runs guest code on it");
        Path results = tmp.resolve("results-vm-exit");
        LabsCli.Run r = labs("run", "vm-exit", "--quick", "--lang", "ja", "--results", results.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("exit 1 回のコスト"), r.out());
        List<String> lines = new ArrayList<>(r.out().lines().toList());
        lines.addAll(r.err().lines().toList());
        assertEquals(List.of(), EnglishLines.in(lines));
    }

    /** cpu-overhead and sched-virt --quick (a TCG or KVM guest each, about 10-20 s each here): summary and progress. */
    @Test
    void guestLabsSpeakJapaneseThroughout() throws Exception {
        for (String lab : List.of("cpu-overhead", "sched-virt")) {
            Path results = tmp.resolve("results-" + lab);
            LabsCli.Run r = labs("run", lab, "--quick", "--lang", "ja", "--results", results.toString());
            assertEquals(0, r.exit(), lab + ": " + r.err());
            assertTrue(r.out().contains("測定条件:") && r.err().contains("ゲストイメージを確認します"), r.out() + r.err());
            List<String> lines = new ArrayList<>(r.out().lines().toList());
            lines.addAll(r.err().lines().toList());
            assertEquals(List.of(), EnglishLines.in(lines), lab);
        }
    }

    @Test
    void usageErrorsAndFixesSpeakJapaneseWithTheirCommandsAsTyped() throws Exception {
        for (String[] args : List.of(new String[] {"run", "no-such-lab", "--lang", "ja"},
                new String[] {"run", "io-compare", "--lang", "ja", "--cache", "bogus"},
                new String[] {"run", "io-compare", "--lang", "ja", "--bogus"},
                new String[] {"run", "io-compare", "--lang", "ja", "--repeat"})) {
            LabsCli.Run r = labs(args);
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("  対処: "), r.err());
            assertEquals(List.of(), EnglishLines.in(r.err().lines().toList()), String.join(" ", args));
        }
        // a language labs does not know cannot choose one: the locale's (here LABS_LANG=en) says the usage error
        LabsCli.Run unknown = labs("run", "vt-check", "--lang", "xx");
        assertEquals(2, unknown.exit(), unknown.err());
        assertTrue(unknown.err().contains("--lang xx is not one of: ja, en, auto"), unknown.err());
        Path open = Files.createDirectories(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        LabsCli.Run refused = labs("run", "vt-check", "--lang", "ja", "--results", open.toString());
        assertEquals(2, refused.exit(), refused.err());
        assertTrue(refused.err().contains("結果フォルダ") && refused.err().contains("chmod o-w " + open),
                refused.err());
        assertEquals(List.of(), EnglishLines.in(refused.err().lines().toList()));
    }
}
