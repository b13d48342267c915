package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import labs.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad options are usage errors that leave no results folder; --help teaches the protocol. */
class SchedVirtLabTest {
    @TempDir
    Path tmp;

    @Test
    void badOptionsAreUsageErrorsAndLeaveNothing() {
        int cpus = Runtime.getRuntime().availableProcessors();
        assertEquals(2, Main.run("run", "sched-virt", "--results", tmp.toString(), "--cpu", Integer.toString(cpus)));
        assertEquals(2, Main.run("run", "sched-virt", "--results", tmp.toString(), "--cpu", "-1"));
        assertEquals(2, Main.run("run", "sched-virt", "--results", tmp.toString(), "--cpu", "zero"));
        assertEquals(2, Main.run("run", "sched-virt", "--results", tmp.toString(), "--lang", "fr"));
        assertTrue(Files.notExists(tmp.resolve("sched-virt")));
    }

    @Test
    void helpExplainsTheProtocol() {
        CommandLine cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        assertEquals(0, cmd.execute("run", "sched-virt", "--help"));
        String help = out.toString();
        assertTrue(help.contains("sched-virt.py") && help.contains("inf-loop.py") && help.contains("--quick")
                && help.contains("%steal") && help.contains("no compiler"), help);
        assertTrue(!help.contains("%%"), help);
    }
}
