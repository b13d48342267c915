package labs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFileTest {
    @TempDir
    Path dir;

    /** A write that fails half way (here the body throws after some bytes) keeps the old file and no temp file. */
    @Test
    void aFailedWriteKeepsThePreviousVersionAndNoTempFile() throws Exception {
        Path f = dir.resolve("fio.csv");
        ResultFile.writeString(f, "old\n");
        LabsException e = assertThrows(LabsException.class, () -> ResultFile.write(f, out -> {
            out.write("half of the new".getBytes());
            throw new IOException("No space left on device");
        }));
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertTrue(e.fix().contains("--results"), e.fix());
        assertEquals("old\n", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(List.of("fio.csv"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** Written beside and renamed, a results file still gets the umask's mode (0644 here), not a temp file's 0600. */
    @Test
    void theFileKeepsTheUsualMode() throws Exception {
        Path f = dir.resolve("meta.json");
        ResultFile.writeString(f, "{}");
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f));
    }

    /** A full disk met outside ResultFile (a mkdir, a copy) is still an environment error naming the file. */
    @Test
    void aFullDiskAnywhereIsAnEnvironmentError() {
        LabsException e = ResultFile.environmentError(new UncheckedIOException(
                new FileSystemException("/in.json", "/r/raw/1-in.json", "No space left on device")));
        assertEquals("cannot write /r/raw/1-in.json", e.getMessage());
        assertEquals("No space left on device", e.why());
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertNull(ResultFile.environmentError(new IllegalStateException("a bug")));
        assertNull(ResultFile.environmentError(new FileSystemException("/x", null, "Permission denied")));
    }
}
