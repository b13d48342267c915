package labs.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import labs.common.LabsException;
import org.junit.jupiter.api.Test;

/** fio's --filename syntax; HostFioIT checks the same escapes against the real fio. */
class FioPathTest {
    @Test
    void colonsAreEscapedEverythingElseIsKept() {
        assertEquals("/tmp/victim.txt\\:/tmp/dd/f", FioPath.filename("/tmp/victim.txt:/tmp/dd/f"));
        assertEquals("/a\\b${X}$jobnum,c=d \\\\:x", FioPath.filename("/a\\b${X}$jobnum,c=d \\:x"));
        assertEquals("/data/labs-testfile.bin", FioPath.filename("/data/labs-testfile.bin"));
    }

    @Test
    void relativeOrEmptyPathsAreRefused() {
        for (String bad : new String[] {"-", "", ":/x", "data/f"}) {
            LabsException e = assertThrows(LabsException.class, () -> FioPath.filename(bad));
            assertEquals(2, e.exitCode());
        }
    }

    @Test
    void aJobWithARelativeFileIsRefusedBeforeAnythingRuns() {
        LabsException e = assertThrows(LabsException.class,
                () -> FioJob.bookRandom(Rw.RANDREAD, "-", FioJob.MIB, FioJob.MIB, 1));
        assertEquals(2, e.exitCode());
    }

    @Test
    void theEchoOfAHugePathIsBounded() {
        LabsException e = assertThrows(LabsException.class, () -> FioPath.filename("x".repeat(100_000)));
        assertTrue(e.getMessage().length() < 400, e.getMessage());
    }
}
