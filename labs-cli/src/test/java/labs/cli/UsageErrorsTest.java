package labs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A mistyped command or option answers in two lines, "labs: what" and "fix: ...", exit 2, not a page of help. */
class UsageErrorsTest {
    private static String[] run(String... args) {
        CommandLine cmd = Main.commandLine(args);
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new String[] {String.valueOf(exit), err.toString()};
    }

    @Test
    void aWordThatNamesNoLabListsTheLabs() {
        String[] r = run("run", "nosuchlab");
        assertEquals("2", r[0]);
        assertTrue(r[1].startsWith("labs: no lab named 'nosuchlab'\n  fix: use one of: vt-check, "), r[1]);
        assertTrue(r[1].contains("labs list"), r[1]);
        String[] vm = run("vm", "strat", "vm1");
        assertTrue(vm[1].startsWith("labs: 'strat' is not a command of `labs vm`"), vm[1]);
        assertTrue(vm[1].contains("start"), vm[1]);
        assertEquals("2", vm[0]);
        assertTrue(vm[1].contains(" log,") && !vm[1].contains("console"), "an alias is not a second command: " + vm[1]);
    }

    @Test
    void anUnknownOptionSaysWhereTheHelpIsInsteadOfPrintingIt() {
        String[] r = run("run", "io-compare", "--quik");
        assertEquals("2", r[0]);
        assertTrue(r[1].startsWith("labs: Unknown option: '--quik'"), r[1]);
        assertTrue(r[1].contains("did you mean: --quick?"), r[1]);
        assertTrue(r[1].contains("fix: see `labs run io-compare --help`"), r[1]);
        assertFalse(r[1].contains("Usage:"), r[1]);
        assertEquals(3, r[1].strip().lines().count(), r[1]);
    }

    /** An enum option's bad value names its choices as the user types them, and the fix (exit 2, two lines). */
    @Test
    void aBadEnumValueNamesTheChoices() {
        String[] r = run("vm", "create", "v1", "--cache", "writeback\u001b[31m");
        assertEquals("2", r[0]);
        assertEquals("labs: --cache writeback\\u001b[31m is not one of: none, writeback\n"
                + "  fix: give one of: none, writeback\n", r[1]);
        String[] accel = run("vm", "create", "v1", "--accel=kvm2");
        assertTrue(accel[1].startsWith("labs: --accel kvm2 is not one of: auto, kvm, tcg\n  fix: give one of: "),
                accel[1]);
    }
}
