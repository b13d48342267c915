package labs.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import labs.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The walk-throughs agree with each other and with the command line (issue 15 item 4), without booting anything:
 * README.md's `labs vm` block and `labs vm --help`'s sequence are the same commands in the same order; the two
 * languages of every handout give the same commands; every lab accepts --quick. ReadmeWalkthroughIT and HandoutStepsIT
 * then run those commands for real.
 */
class WalkthroughDocTest {
    @Test
    void vmHelpShowsTheReadmesWalkthroughInItsOrder() throws Exception {
        List<String> readme = new ArrayList<>();
        for (String line : DocCommands.blockAfter(DocCommands.TOP.resolve("README.md"), DocCommands.WALKTHROUGH)) {
            readme.addAll(DocCommands.split(line));
        }
        List<String> help = new ArrayList<>();
        for (String line : page("vm", "--help").lines().toList()) {
            if (line.startsWith("  labs vm ") || line.startsWith("  pgrep ")) {
                // "(virsh ...)" after two or more spaces is the book's command, not part of labs'
                help.addAll(DocCommands.split(line.replaceAll("\\s{2,}\\(.*$", "")));
            }
        }
        assertTrue(readme.contains("labs vm shutdown vm1"), "the book shuts the source down before virt-clone");
        assertEquals(readme, help, "README.md's walk-through and `labs vm --help` list the same commands");
        assertTrue(readme.indexOf("labs vm shutdown vm1") < readme.indexOf("labs vm clone vm1 vm2"), readme.toString());
        for (String vm : List.of("vm1", "vm2")) {
            assertTrue(readme.indexOf("labs vm create " + vm + " --cpuset=0") >= 0
                    || readme.stream().anyMatch(c -> c.startsWith("labs vm clone ") && c.endsWith(" " + vm)),
                    "every VM the sequence destroys it made first: " + vm);
        }
    }

    /** HandoutStepsIT runs the English handouts' commands; the Japanese ones must be the same commands. */
    @Test
    void everyHandoutGivesTheSameCommandsInBothLanguages() throws Exception {
        List<Path> en;
        try (var s = Files.list(DocCommands.TOP.resolve("notebooks/en"))) {
            en = s.filter(f -> f.toString().endsWith(".md")).sorted().toList();
        }
        assertTrue(en.size() >= 6, en.toString());
        for (Path doc : en) {
            Path ja = DocCommands.TOP.resolve("notebooks/ja").resolve(doc.getFileName());
            assertEquals(runnable(DocCommands.labsCommands(doc)), runnable(DocCommands.labsCommands(ja)),
                    doc.getFileName().toString());
        }
        assertTrue(runnable(DocCommands.labsCommands(en.get(1))).contains("./labs run vm-lifecycle --keep"));
    }

    /** The README says every lab takes --quick (a no-op where nothing is long); --help says what it does. */
    @Test
    void everyLabAcceptsQuick() {
        CommandLine run = Main.commandLine().getSubcommands().get("run");
        assertFalse(run.getSubcommands().isEmpty());
        for (String lab : run.getSubcommands().keySet()) {
            Main.commandLine().parseArgs("run", lab, "--quick");   // throws on an unknown option
            assertTrue(page("run", lab, "--help").contains("--quick"), lab);
        }
    }

    /**
     * Every `./labs ...` that README.md and the handouts show, in either language, is a command line labs accepts
     * (parsed, not run: most are long labs): an option renamed or dropped fails here, not in a classroom. A command
     * refused only because it holds a placeholder (`./labs run LAB --help`, 実習名) is left out.
     */
    @Test
    void everyLabsCommandTheDocumentsShowParses() throws Exception {
        List<Path> docs = new ArrayList<>(List.of(DocCommands.TOP.resolve("README.md")));
        try (var s = Files.walk(DocCommands.TOP.resolve("notebooks"))) {
            s.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        Pattern cmd = Pattern.compile("\\./labs( [^`|;&#]*)?");
        List<String> refused = new ArrayList<>();
        int parsed = 0;
        for (Path doc : docs) {
            for (String line : Files.readAllLines(doc)) {
                Matcher m = cmd.matcher(line);
                while (m.find()) {
                    String[] args = m.group(1) == null ? new String[0] : m.group(1).strip().split("\\s+");
                    try {
                        Main.commandLine(args).parseArgs(args);
                        parsed++;
                    } catch (CommandLine.ParameterException e) {
                        if (runnable(Set.of(String.join(" ", args))).isEmpty()) {
                            continue;   // a placeholder (LAB, 実習名, <timestamp>) where a real value is checked
                        }
                        refused.add(DocCommands.TOP.relativize(doc) + ": ./labs " + String.join(" ", args) + " -> "
                                + e.getMessage());
                    }
                }
            }
        }
        assertEquals(List.of(), refused);
        assertTrue(parsed > 40, "found the documents' commands: " + parsed);
    }

    /** The commands a student can type as they are: no placeholder (SRC NEW, THEIR_RUN, 元 新, <timestamp>) to fill in. */
    static Set<String> runnable(Set<String> commands) {
        return commands.stream().filter(c -> !c.matches(".*(<|\\b[A-Z][A-Z_]+\\b|[^\\x00-\\x7f]).*"))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String page(String... args) {
        CommandLine cmd = Main.commandLine(args);
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        assertEquals(0, cmd.execute(args), String.join(" ", args) + ": " + out);
        return out.toString();
    }
}
