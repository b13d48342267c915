package labs.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import labs.common.LabsException;
import org.junit.jupiter.api.Test;

class FioJobTest {
    @Test
    void bookSequentialJobMatchesTheBook() {
        List<String> a = FioJob.bookSequential(Rw.READ, "/data/f", FioJob.GIB, 128 * FioJob.MIB).args("/tmp/o.json");
        assertEquals(List.of("--name=seq-read", "--filename=/data/f", "--readwrite=read", "--bs=1048576",
                "--size=134217728", "--filesize=1073741824", "--numjobs=1", "--direct=1", "--fsync=1",
                "--group_reporting", "--output-format=json", "--output=/tmp/o.json"), a);
    }

    @Test
    void bookRandomJob() {
        List<String> a = FioJob.bookRandom(Rw.RANDWRITE, "/f", FioJob.GIB, 4 * FioJob.MIB, 16).args("o");
        assertTrue(a.contains("--bs=4096"));
        assertTrue(a.contains("--numjobs=16"));
        assertTrue(a.contains("--readwrite=randwrite"));
        assertTrue(a.stream().noneMatch(s -> s.startsWith("--fsync")));
    }

    @Test
    void badSizesAreUsageErrors() {
        LabsException e = assertThrows(LabsException.class,
                () -> FioJob.bookRandom(Rw.RANDREAD, "/f", FioJob.MIB, -1, 1));
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertThrows(LabsException.class, () -> FioJob.bookRandom(Rw.RANDREAD, "/f", FioJob.MIB, 2 * FioJob.MIB, 1));
        assertThrows(LabsException.class, () -> FioJob.bookRandom(Rw.RANDREAD, "/f", FioJob.MIB, FioJob.MIB, 0));
        assertThrows(LabsException.class, () -> new FioJob("a b", "/f", Rw.READ, 1, 1, 1, 1, true, 0, 1, null, 0,
                true));
    }

    @Test
    void summaryMedianAndSpread() {
        Summary s = Summary.of(10, 12, 11);
        assertEquals(11, s.median());
        assertEquals(2.0 / 11, s.relativeSpread(), 1e-9);
        assertEquals(1, s.halfRange());
        assertEquals(11.5, Summary.of(10, 11, 12, 13).median());
        assertTrue(Summary.of(10, 20).spreadLarge());
        assertEquals(0, Summary.of(5).relativeSpread());
    }
}
