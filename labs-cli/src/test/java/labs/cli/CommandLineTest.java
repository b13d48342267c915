package labs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The command tree is what the {@code @Command(subcommands = ...)} annotations of the groups say (Main adds only
 * the group its first argument names, see Main.GROUPS) and answers as the whole tree would.
 */
class CommandLineTest {
    private static List<String> sub(CommandLine c) {
        return List.copyOf(c.getSubcommands().keySet());
    }

    @Test
    void theTreeIsTheAnnotations() {
        CommandLine all = Main.commandLine();
        assertEquals(List.of("list", "run", "vm", "fio", "class", "handout", "help"), sub(all));
        assertEquals(List.of("vt-check", "vm-lifecycle", "io-compare", "cpu-overhead", "vm-exit", "sched-virt"),
                sub(all.getSubcommands().get("run")));
        assertTrue(sub(all.getSubcommands().get("vm")).containsAll(List.of("create", "exec", "log", "console",
                "undefine")));
        assertEquals(List.of("import"), sub(all.getSubcommands().get("fio")));
        assertEquals(List.of("merge"), sub(all.getSubcommands().get("class")));
    }

    @Test
    void theRootsOptionsReachEveryCommand() {
        CommandLine all = Main.commandLine();
        for (String[] path : new String[][] {{"run", "vt-check"}, {"vm", "exec"}, {"fio", "import"}, {"list"}}) {
            CommandLine c = all;
            for (String p : path) {
                c = c.getSubcommands().get(p);
            }
            assertNotNull(c.getCommandSpec().findOption("--debug"), String.join(" ", path));
            assertNotNull(c.getCommandSpec().findOption("--yes"), String.join(" ", path));
        }
    }

    @Test
    void listShowsEveryLabInRunsOrderWithItsFirstLine() {
        CommandLine cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        assertEquals(0, cmd.execute("list"));
        List<String> lines = out.toString().lines().toList();
        assertEquals(7, lines.size(), out.toString());
        assertTrue(lines.get(1).startsWith("  vt-check       Can this machine run guests under KVM?"), lines.get(1));
        assertTrue(lines.get(5).startsWith("  vm-exit "), lines.get(5));
        assertTrue(lines.get(6).startsWith("  sched-virt "), lines.get(6));
    }

    /** `labs vm exec vm1 ls -l`: -l is the guest command's, not an unknown option of labs. */
    @Test
    void vmExecLeavesTheGuestCommandsOptionsAlone() {
        ParseResult r = Main.commandLine().parseArgs("vm", "exec", "vm1", "ls", "-l", "--debug");
        ParseResult exec = r.subcommand().subcommand();
        assertEquals("exec", exec.commandSpec().name());
        assertTrue(exec.originalArgs().containsAll(List.of("ls", "-l", "--debug")));
        assertTrue(!exec.hasMatchedOption("--debug"), "--debug after the guest command is the guest's");
    }

    /** Picocli converts the enum options (labs.lab.LowerCaseEnum), in any case, to the launcher's enums. */
    @Test
    void enumOptionsArriveConverted() {
        ParseResult r = Main.commandLine().parseArgs("vm", "create", "v1", "--cache", "WriteBack", "--accel", "tcg");
        ParseResult create = r.subcommand().subcommand();
        assertEquals(labs.launcher.CacheMode.WRITEBACK, create.matchedOptionValue("--cache", null));
        assertEquals(labs.launcher.AccelChoice.TCG, create.matchedOptionValue("--accel", null));
        assertEquals(labs.launcher.DiskFormat.QCOW2, create.commandSpec().findOption("--disk-format").getValue());
    }

    @Test
    void theRootGetsTheGroupTheFirstArgumentNames() {
        assertEquals(List.of("run"), sub(Main.commandLine("run", "vt-check", "--results", "list")));
        assertEquals(6, sub(Main.commandLine("run").getSubcommands().get("run")).size());
        assertEquals(List.of("vm"), sub(Main.commandLine("vm", "exec", "vm1", "--", "ls")));
        assertEquals(List.of("handout"), sub(Main.commandLine("handout", "io-compare")));
        assertEquals(List.of(), sub(Main.commandLine("--version")));
        for (String[] all : new String[][] {{}, {"--debug", "run"}, {"help", "run"}, {"runn"}, {"@args.txt"},
                {"--version", "--help"}}) {
            assertEquals(7, sub(Main.commandLine(all)).size(), String.join(" ", all));
        }
    }

    /** What a user sees must not depend on how much of the tree was built. */
    @Test
    void thePrunedTreeAnswersAsTheWholeOne() {
        for (String[] args : new String[][] {{"--help"}, {"--version"}, {"-V"}, {"list"}, {"run"}, {"run", "--help"},
                {"run", "vt-check", "--help"}, {"run", "vt-chek"}, {"vm", "--help"}, {"vm", "console", "--help"},
                {"vm", "exec"}, {"fio", "import", "--help"}, {"help", "run"}, {"--debug", "run", "io-compare",
                "--help"}, {"run", "vt-check", "--version"}, {"list", "--bad"}}) {
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
}
