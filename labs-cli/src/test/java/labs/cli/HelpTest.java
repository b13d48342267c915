package labs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Every command answers --help with its usage and exit 0 (a student types `labs run --help` first). */
class HelpTest {
    @Test
    void everyCommandGroupAndLabHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"list", "--help"}, {"run", "--help"}, {"vm", "--help"},
                {"fio", "--help"}, {"run", "vt-check", "--help"}, {"run", "vm-lifecycle", "--help"},
                {"run", "io-compare", "--help"}, {"run", "cpu-overhead", "--help"}, {"run", "vm-exit", "--help"},
                {"run", "sched-virt", "--help"}}) {
            var cmd = Main.commandLine();
            StringWriter out = new StringWriter();
            cmd.setOut(new PrintWriter(out));
            assertEquals(0, cmd.execute(args), String.join(" ", args));
            assertTrue(out.toString().startsWith("Usage: labs"), String.join(" ", args) + ": " + out);
        }
    }

    /**
     * picocli formats help text as a format string: a bare '%' ("±5%") made `labs run io-compare --help` print
     * "[picocli WARN] Could not format ..." lines on stderr. Every page of the tree is rendered with stderr caught.
     */
    @Test
    void noHelpPageMakesPicocliWarn() {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream caught = new java.io.ByteArrayOutputStream();
        StringBuilder pages = new StringBuilder();
        try {
            System.setErr(new java.io.PrintStream(caught, true, java.nio.charset.StandardCharsets.UTF_8));
            render(Main.commandLine(), pages);
        } finally {
            System.setErr(err);
        }
        assertEquals("", caught.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(pages.toString().contains("±5% (±10% with --quick)"), "io-compare's page was rendered");
    }

    private static void render(picocli.CommandLine c, StringBuilder pages) {
        pages.append(c.getUsageMessage());
        c.getSubcommands().values().forEach(sub -> render(sub, pages));
    }

    /** Issue 10 item 21: `labs run vt-check --version` printed nothing. */
    @Test
    void everyCommandAnswersVersion() {
        for (String[] args : new String[][] {{"--version"}, {"run", "--version"}, {"vm", "--version"},
                {"fio", "import", "--version"}, {"run", "vt-check", "--version"}, {"vm", "exec", "--version"},
                {"run", "io-compare", "--version"}, {"list", "--version"}}) {
            var cmd = Main.commandLine(args);
            StringWriter out = new StringWriter();
            cmd.setOut(new PrintWriter(out));
            assertEquals(0, cmd.execute(args), String.join(" ", args));
            assertTrue(out.toString().startsWith("labs "), String.join(" ", args) + ": " + out);
        }
    }

    /** `labs help CMD` is picocli's help command: the same page as `labs CMD --help`. */
    @Test
    void helpCommandShowsTheCommandsPage() {
        for (String[] path : new String[][] {{"run"}, {"vm"}, {"list"}}) {
            String[] help = new String[path.length + 1];
            help[0] = "help";
            System.arraycopy(path, 0, help, 1, path.length);
            String[] dashed = java.util.Arrays.copyOf(path, path.length + 1);
            dashed[path.length] = "--help";
            assertEquals(page(dashed), page(help), String.join(" ", path));
            assertTrue(page(help).startsWith("0\nUsage: labs " + path[0]), page(help));
        }
    }

    private static String page(String... args) {
        var cmd = Main.commandLine(args);
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        return cmd.execute(args) + "\n" + out;
    }
}
