package labs.cli.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import labs.cli.Main;
import labs.common.LabsException;
import org.junit.jupiter.api.Test;

/**
 * Hostile re-run of issue 10, item 7: `labs vm exec bt --timeout 0 -- echo hi` ran "--timeout 0 -- echo hi" in
 * the guest. Options of labs between NAME and -- are labs's (or refused); the guest's begin after -- or at the
 * first word that is not an option.
 */
class ExecArgsTest {
    @Test
    void labsOptionsBetweenTheNameAndTheDashesAreLabss() {
        ExecArgs a = ExecArgs.parse(List.of("--timeout", "5", "-n", "--", "echo", "hi"), "bt");
        assertEquals(List.of("echo", "hi"), a.command());
        assertEquals(5L, a.timeout());
        assertTrue(a.noStdin());
        assertEquals(7L, ExecArgs.parse(List.of("--timeout=7", "--", "true"), "bt").timeout());
    }

    @Test
    void theGuestCommandKeepsItsOwnOptions() {
        ExecArgs a = ExecArgs.parse(List.of("ls", "-l", "--timeout", "0"), "bt");
        assertEquals(List.of("ls", "-l", "--timeout", "0"), a.command());
        assertNull(a.timeout());
        assertFalse(a.noStdin());
        assertEquals(List.of("-n", "x"), ExecArgs.parse(List.of("--", "-n", "x"), "bt").command());
    }

    @Test
    void anyOtherOptionBeforeTheCommandIsRefusedWithTheFix() {
        LabsException e = assertThrows(LabsException.class,
                () -> ExecArgs.parse(List.of("--debug", "--", "true"), "bt"));
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertTrue(e.fix().startsWith("put labs options before the VM name"), e.fix());
        assertThrows(LabsException.class, () -> ExecArgs.parse(List.of("--timeout", "abc", "--", "true"), "bt"));
    }

    /** `labs vm exec vm1 --lang ja -- CMD`: --lang is labs's there too (checked; the language was chosen earlier). */
    @Test
    void langBetweenTheNameAndTheDashesIsLabssAndChecked() {
        assertEquals(List.of("true"), ExecArgs.parse(List.of("--lang", "ja", "--", "true"), "bt").command());
        assertEquals(List.of("true"), ExecArgs.parse(List.of("--lang=en", "true"), "bt").command());
        LabsException e = assertThrows(LabsException.class,
                () -> ExecArgs.parse(List.of("--lang", "xx", "--", "true"), "bt"));
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("--lang xx is not one of: ja, en, auto"), e.getMessage());
    }

    /** The hostile command line itself, through the real command tree: --timeout 0 is refused, exit 2. */
    @Test
    void timeoutZeroAfterTheNameIsRefusedNotSentToTheGuest() {
        assertEquals(2, Main.commandLine().execute("vm", "exec", "bt", "--timeout", "0", "--", "echo", "hi"));
        assertEquals(2, Main.commandLine().execute("vm", "exec", "bt", "--bogus", "--", "echo", "hi"));
    }
}
