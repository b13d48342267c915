package labs.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Deadlines of the book's jobs: minutes, not the hour a stalled guest used to be given. */
class FioDeadlineTest {
    private static final long GIB = FioJob.GIB;

    @Test
    void theBooksJobsGetMinutes() {
        // 16 processes x 4 MiB of 4 KiB requests = 16,384 requests: 656 s at 25 IOPS, + 60 s
        assertEquals(Duration.ofSeconds(716), FioDeadline.of(FioJob.bookRandom(Rw.RANDREAD, "/data/f", GIB,
                4 * FioJob.MIB, 16)));
        // 128 MiB at 2 MiB/s = 64 s, + 60 s
        assertEquals(Duration.ofSeconds(124), FioDeadline.of(FioJob.bookSequential(Rw.WRITE, "/data/f", GIB,
                128 * FioJob.MIB)));
        // writing the 1 GiB test file: 512 s + 60 s, under the lab's hour
        Duration fill = FioDeadline.of(FioJob.fill("/data/f", GIB));
        assertEquals(Duration.ofSeconds(572), fill);
        assertTrue(fill.compareTo(Duration.ofMinutes(60)) < 0);
    }

    @Test
    void aTimeBasedJobGetsItsRuntime() {
        FioJob window = FioJob.bookRandom(Rw.RANDREAD, "/data/f", GIB, 4 * FioJob.MIB, 1).timed(5);
        assertEquals(Duration.ofSeconds(65), FioDeadline.of(window));
    }
}
