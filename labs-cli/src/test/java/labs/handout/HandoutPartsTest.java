package labs.handout;

import labs.common.i18n.HandoutText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import labs.charts.Lang;
import labs.cli.Main;
import labs.common.LabsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of labs handout, each on its own: the handouts in the jar, which run is taken, fonts, charts, text. */
class HandoutPartsTest {
    @TempDir
    Path tmp;

    @Test
    void everyLabHasBothHandoutsWithTheRunsSection() {
        assertEquals(List.copyOf(Main.commandLine().getSubcommands().get("run").getSubcommands().keySet()),
                HandoutSource.LABS, "one handout per lab, in `labs list`'s order");
        for (String lab : HandoutSource.LABS) {
            for (Lang lang : Lang.values()) {
                String md = HandoutSource.load(lab, lang).markdown();
                int at = md.indexOf(HtmlHandout.MARKER);
                assertTrue(at > 0 && md.indexOf(HtmlHandout.MARKER, at + 1) < 0, lab + " " + lang + ": one marker");
                assertTrue(md.substring(0, at).strip().endsWith("## " + HandoutText.YOUR_RUN.in(lang.language())),
                        lab + " " + lang + ": the marker sits right under the heading the page words name");
                // the page drops what follows the marker up to the next heading: only the note for Markdown readers
                String note = md.substring(at, md.indexOf("\n## ", at));
                assertTrue(note.strip().endsWith("./labs handout " + lab + "\n```") && note.lines().count() <= 8,
                        lab + " " + lang + ": nothing but the note and its command after the marker:\n" + note);
            }
        }
    }

    @Test
    void theNewestCompleteRunIsTaken() throws Exception {
        run("io-compare", "20261130-100000", true);
        run("io-compare", "20261130-100000-2", true);
        Path newest = run("io-compare", "20261130-100000-10", true);
        run("io-compare", "20261130-110000", false);   // later, but stopped part way
        run("vt-check", "20261130-120000", true);       // another lab
        assertEquals(newest, RunPick.newest(tmp, "io-compare"));
    }

    @Test
    void noRunIsExitTwoWithTheCommandThatMakesOne() throws Exception {
        LabsException e = assertThrows(LabsException.class, () -> RunPick.newest(tmp, "cpu-overhead"));
        assertEquals(2, e.exitCode());
        assertTrue(e.fix().startsWith("./labs run cpu-overhead --quick --results " + tmp), e.fix());
        run("cpu-overhead", "20261130-100000", false);
        e = assertThrows(LabsException.class, () -> RunPick.newest(tmp, "cpu-overhead"));
        assertTrue(e.getMessage().contains("1 stopped part way"), e.getMessage());
    }

    @Test
    void aRunOfAnotherLabIsRefused() throws Exception {
        Path vt = run("vt-check", "20261130-100000", true);
        LabsException e = assertThrows(LabsException.class, () -> RunPick.given(vt, "io-compare"));
        assertEquals(2, e.exitCode());
        assertTrue(e.fix().startsWith("./labs handout vt-check --run "), e.fix());
        e = assertThrows(LabsException.class, () -> RunPick.given(tmp, "io-compare"));
        assertTrue(e.getMessage().contains("no meta.json"), e.getMessage());
        for (String notARun : List.of("[]", "null", "{\"complete\":true}")) {
            Files.writeString(vt.resolve("meta.json"), notARun);
            e = assertThrows(LabsException.class, () -> RunPick.given(vt, "io-compare"));
            assertTrue(e.getMessage().endsWith("names no lab, so it is not a run folder as labs writes it"),
                    e.getMessage());
            assertEquals("give --run the folder of a run of io-compare, or make one: ./labs run io-compare --quick",
                    e.fix(), "not the same command again");
        }
    }

    @Test
    void withoutAJapaneseFontJapaneseIsExitTwoWithTheAptLineAndNothingIsWritten() throws Exception {
        Path none = Files.createDirectories(tmp.resolve("no-fonts"));
        Path out = tmp.resolve("out");
        try (HandoutFonts fonts = HandoutFonts.find(List.of(none))) {
            LabsException e = assertThrows(LabsException.class, () -> Handout.make("vm-exit",
                    HandoutTest.run("vm-exit"), Lang.JA, out, fonts));
            assertEquals(2, e.exitCode());
            assertEquals("sudo apt-get install fonts-ipafont-gothic fonts-dejavu-core", e.fix());
        }
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void theFontsSayWhichCharactersTheyCannotDraw() throws Exception {
        try (HandoutFonts fonts = HandoutFonts.find()) {
            assertTrue(fonts.hasJapanese(), "./run-tests installs fonts-ipafont-gothic");
            assertEquals(List.of(), fonts.missing("実習3 — io-compare ≪ ± × → µ 「」 %steal"));
            // a private-use code point of plane 16: no font has it
            assertEquals(List.of("U+10FFFD '\uDBFF\uDFFD'"), fonts.missing("ok \uDBFF\uDFFD"));
        }
    }

    @Test
    void aChartPrintsAtItsOwnSize() throws Exception {
        Chart c = Chart.read(HandoutTest.run("vm-exit").resolve("vm-exit-loop.png"));
        assertEquals(1250, c.widthPx());
        assertEquals(200, c.dpi(), 0.5);
        assertEquals(15.875, c.widthCm(), 0.05, "6.25 in: within A4's text width at 100%");
    }

    @Test
    void rawHtmlInTheMarkdownIsTextAndABrokenCsvIsNamedNotFatal() throws Exception {
        Path run = run("io-compare", "20261130-100000", true);
        Files.writeString(run.resolve("figures.csv"), "workload,median\n\"unclosed,1\n");
        RunFigures f = RunFigures.read(run, "io-compare", Lang.EN);
        assertEquals(1, f.problems().size(), f.problems().toString());
        assertTrue(f.problems().get(0).startsWith("figures.csv: "), f.problems().toString());
        HandoutSource src = new HandoutSource("io-compare", 3, Lang.EN,
                "# T\n\n<script>alert(1)</script>\n\n日本\n語 and\nEnglish\n\n## " + HandoutText.YOUR_RUN.in(Lang.EN.language()) + "\n"
                + HtmlHandout.MARKER + "\nfor Markdown readers\n\n## Next\n");
        String html = HtmlHandout.render(src, f);
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("for Markdown readers"), html);
        assertTrue(html.contains("日本語 and\nEnglish"), "a wrapped line joins Japanese without a space: " + html);
        assertTrue(html.contains("figures.csv: "), "the problem is on the page");
        HandoutTest.selfContained(html);
    }

    /** What the charts' captions say of the conditions is in the page's table too: time, file, disk, load. */
    @Test
    void theConditionsTableHoldsWhatTheChartsCaptionsSay() throws Exception {
        RunConditions io = RunFigures.read(HandoutTest.run("io-compare"), "io-compare", Lang.JA).conditions();
        assertTrue(io.rows().contains(new RunConditions.Row(HandoutText.TEST_FILE.in(Lang.JA.language()), "128 MiB")),
                io.toString());
        assertTrue(io.rows().contains(new RunConditions.Row(HandoutText.DISK.in(Lang.JA.language()),
                "vda (rotational, ext4); qcow2")), io.toString());
        RunConditions sched = RunFigures.read(HandoutTest.run("sched-virt"), "sched-virt", Lang.EN).conditions();
        assertTrue(sched.rows().contains(new RunConditions.Row("Time measured", "wall time (CLOCK_MONOTONIC)")),
                sched.toString());
        String load = sched.rows().stream().filter(r -> r.label().equals("Host load")).findFirst().orElseThrow()
                .value();
        assertTrue(load.matches("load average before 2\\.38, after \\d+\\.\\d\\d \\(2 CPUs\\); also running: 20609"
                + " qemu-system-x86 \\(uid 64055\\)"), load);
    }

    /** Every column a table shows has its Japanese word, shown under the CSV's name on a Japanese page only. */
    @Test
    void everyColumnShownHasAJapaneseWord() throws Exception {
        for (var specs : TableSpec.TABLES.values()) {
            for (TableSpec t : specs) {
                for (String c : t.keys()) {
                    assertFalse(ColumnWords.gloss(c, Lang.JA).isEmpty(), c);
                }
                for (String c : t.values()) {
                    assertFalse(ColumnWords.gloss(c, Lang.JA).isEmpty(), c);
                }
            }
        }
        Path run = HandoutTest.run("cpu-overhead");
        String ja = RunSectionHtml.of(RunFigures.read(run, "cpu-overhead", Lang.JA), Lang.JA);
        assertTrue(ja.contains("<th>cpu_seconds<span class=\"gloss\">CPU時間(秒)</span></th>"), ja);
        String en = RunSectionHtml.of(RunFigures.read(run, "cpu-overhead", Lang.EN), Lang.EN);
        assertTrue(en.contains("<th>cpu_seconds</th>") && !en.contains("gloss"), en);
    }

    /** No table wider than the page: sched-virt's ten columns were cut off at the right edge in both languages. */
    @Test
    void everyTableFitsTheWidthOfA4() {
        for (var e : TableSpec.TABLES.entrySet()) {
            for (TableSpec t : e.getValue()) {
                int chars = 0;
                for (String c : t.keys()) {
                    chars += c.length();
                }
                for (String c : t.values()) {
                    chars += c.length();
                }
                assertTrue(chars <= TableSpec.MAX_HEADER_CHARS, e.getKey() + " " + t.file() + ": " + chars);
            }
        }
    }

    /** labs handout --help teaches by example: each example is a command labs accepts, and no line wraps. */
    @Test
    void theHelpsExamplesParseAndFitTheTerminal() {
        picocli.CommandLine handout = Main.commandLine().getSubcommands().get("handout");
        String help = handout.getUsageMessage(picocli.CommandLine.Help.Ansi.OFF);
        String examples = help.substring(help.indexOf("Examples:"));
        int commands = 0;
        for (String line : examples.lines().skip(1).toList()) {
            assertTrue(line.length() <= 80, "fits 80 columns: " + line);
            for (String cmd : line.replaceFirst("^\\s*(LANG=\\S+ )?", "").split(" && ")) {
                String[] args = cmd.strip().replaceFirst("^labs ", "").split("\\s+");
                Main.commandLine(args).parseArgs(args);
                commands++;
            }
        }
        assertEquals(4, commands, examples);
        assertTrue(help.contains("OUT/NN-LAB-RUN.LANG.html"), "says what it writes");
    }

    private Path run(String lab, String stamp, boolean complete) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(lab).resolve(stamp));
        Files.writeString(dir.resolve("meta.json"), "{\"lab\":\"" + lab + "\",\"complete\":" + complete
                + ",\"started\":\"2026-11-30T10:00:00Z\",\"accelerator\":\"tcg\",\"host\":{\"cpuModel\":\"X\"}}");
        return dir;
    }

}
