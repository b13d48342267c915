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

/** The command tree is what the {@code @Command(subcommands = ...)} annotations say, and behaves as picocli's. */
class CommandLineTest {
    private static List<String> sub(CommandLine c) {
        return List.copyOf(c.getSubcommands().keySet());
    }

    @Test
    void theTreeIsTheAnnotations() {
        CommandLine all = Main.commandLine();
        assertEquals(List.of("list", "run", "vm", "fio", "help"), sub(all));
        assertEquals(List.of("vt-check", "vm-lifecycle", "io-compare", "cpu-overhead", "vm-exit"),
                sub(all.getSubcommands().get("run")));
        assertTrue(sub(all.getSubcommands().get("vm")).containsAll(List.of("create", "exec", "log", "console",
                "undefine")));
        assertEquals(List.of("import"), sub(all.getSubcommands().get("fio")));
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
        assertEquals(6, lines.size(), out.toString());
        assertTrue(lines.get(1).startsWith("  vt-check       Can this machine run guests under KVM?"), lines.get(1));
        assertTrue(lines.get(5).startsWith("  vm-exit "), lines.get(5));
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
}
