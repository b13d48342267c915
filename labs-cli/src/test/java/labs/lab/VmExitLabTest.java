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
class VmExitLabTest {
    @TempDir
    Path tmp;

    @Test
    void badSizesAreUsageErrorsAndLeaveNothing() {
        assertEquals(2, Main.run("run", "vm-exit", "--results", tmp.toString(), "--exits", "0"));
        assertEquals(2, Main.run("run", "vm-exit", "--results", tmp.toString(), "--pages", "999999999"));
        assertEquals(2, Main.run("run", "vm-exit", "--results", tmp.toString(), "--loop", "many"));
        assertEquals(2, Main.run("run", "vm-exit", "--results", tmp.toString(), "--lang", "fr"));
        assertTrue(Files.notExists(tmp.resolve("vm-exit")));
    }

    @Test
    void helpExplainsWhatIsMeasured() {
        CommandLine cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        assertEquals(0, cmd.execute("run", "vm-exit", "--help"));
        String help = out.toString();
        assertTrue(help.contains("KVM_IOEVENTFD") && help.contains("CPL3") && help.contains("--quick"), help);
    }
}
