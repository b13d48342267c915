package labs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandTreeTest {
    private static Set<String> sub(CommandLine c) {
        return c.getSubcommands().keySet();
    }

    @Test
    void theWholeTreeWithoutArguments() {
        CommandLine all = Main.commandLine();
        assertEquals(Set.of("list", "run", "vm", "fio", "help"), sub(all));
        assertEquals(RunCommand.LABS.size(), sub(all.getSubcommands().get("run")).size());
        assertTrue(sub(all.getSubcommands().get("vm")).containsAll(List.of("exec", "console", "undefine")));
    }

    @Test
    void onlyThePathTheArgumentsName() {
        CommandLine cmd = Main.commandLine("--debug", "run", "vt-check", "--results", "list");
        assertEquals(Set.of("run"), sub(cmd));
        assertEquals(Set.of("vt-check"), sub(cmd.getSubcommands().get("run")));
        // the root's inherited options still reach the lab
        assertTrue(cmd.getSubcommands().get("run").getSubcommands().get("vt-check").getCommandSpec()
                .findOption("--debug") != null);
        assertEquals(Set.of("vm"), sub(Main.commandLine("vm", "exec", "vm1", "--", "ls")));
        assertEquals(Set.of("exec"), sub(Main.commandLine("vm", "exec", "vm1", "--", "ls").getSubcommands().get("vm")));
        assertEquals(Set.of("log", "console"), sub(Main.commandLine("vm", "console", "vm1").getSubcommands().get("vm")));
    }

    /** What a user sees must not depend on how much of the tree was built. */
    @Test
    void thePrunedTreeAnswersAsTheWholeOne() {
        for (String[] args : new String[][] {{"--help"}, {"--version"}, {"list"}, {"run"}, {"run", "--help"},
                {"run", "vt-check", "--help"}, {"run", "vt-chek"}, {"vm", "--help"}, {"vm", "console", "--help"},
                {"fio", "import", "--help"}, {"help", "run"}, {"--debug", "run", "io-compare", "--help"}}) {
            assertEquals(answer(Main.commandLine(), args), answer(Main.commandLine(args), args), String.join(" ", args));
        }
    }

    private static String answer(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(out));
        int rc = cmd.execute(args);
        return rc + "\n" + out;
    }

    @Test
    void nothingForVersionAlone() {
        assertEquals(Set.of(), sub(Main.commandLine("--version")));
        assertEquals(5, sub(Main.commandLine("--version", "--help")).size());
    }

    @Test
    void everythingWhenTheWordIsUnknownOrHelp() {
        assertEquals(5, sub(Main.commandLine("runn")).size());
        assertEquals(RunCommand.LABS.size(), sub(Main.commandLine("run", "vt-chek").getSubcommands().get("run")).size());
        assertEquals(5, sub(Main.commandLine("help", "run")).size());
        assertEquals(5, sub(Main.commandLine("@args.txt")).size());
        assertEquals(RunCommand.LABS.size(), sub(Main.commandLine("run", "--help").getSubcommands().get("run")).size());
    }
}
