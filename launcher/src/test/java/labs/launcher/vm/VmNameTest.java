package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import labs.common.LabsException;
import org.junit.jupiter.api.Test;

class VmNameTest {
    @Test
    void acceptsOrdinaryNames() {
        for (String ok : new String[] {"vm1", "guest-a", "test_2", "a.b", "x+y", "A", "a".repeat(64)}) {
            assertNull(VmName.problem(ok), ok);
            assertEquals(ok, VmName.check(ok));
        }
    }

    @Test
    void refusesWhatCouldEscapeTheStoreOrConfuseTools() {
        String[][] cases = {
            {"", "empty"}, {"a/b", "'/'"}, {"..", "'..'"}, {"a..b", "'..'"}, {"a".repeat(65), "65 characters"},
            {"a\nb", "control"}, {"a\u0000b", "control"}, {"tab\there", "control"}, {"-rf", "start"},
            {".hidden", "start"}, {"sp ace", "only letters"}, {"日本", "only letters"},
        };
        for (String[] c : cases) {
            String problem = VmName.problem(c[0]);
            assertTrue(problem != null && problem.contains(c[1]), c[0] + " -> " + problem);
            LabsException e = assertThrows(LabsException.class, () -> VmName.check(c[0]));
            assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        }
        assertTrue(VmName.problem(null).contains("empty"));
    }

    @Test
    void errorShowsControlCharactersEscaped() {
        LabsException e = assertThrows(LabsException.class, () -> VmName.check("bad\u001bname"));
        assertTrue(e.getMessage().contains("bad\\x1bname"), e.getMessage());
    }
}
