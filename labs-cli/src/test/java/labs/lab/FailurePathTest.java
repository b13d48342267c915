package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import labs.common.LabsException;
import org.junit.jupiter.api.Test;

class FailurePathTest {
    /** fio stopped by a full disk, then meta.json cannot be written either: fio's message is still the one shown. */
    @Test
    void aSaveThatFailsToIsAttachedToTheRunsErrorNotInItsPlace() {
        LabsException fio = LabsException.failed("fio failed on host", "No space left on device", null);
        IOException disk = new IOException("No space left on device");
        FailurePath.save(fio, () -> {
            throw disk;
        });
        assertEquals(1, fio.getSuppressed().length);
        assertSame(disk, fio.getSuppressed()[0]);
        FailurePath.save(fio, () -> { });
        assertEquals(1, fio.getSuppressed().length);
    }
}
