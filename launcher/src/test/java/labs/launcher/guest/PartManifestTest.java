package labs.launcher.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cache part's manifest catches a truncated, missing or (with hashes) altered file; real files, real truncation. */
class PartManifestTest {
    @TempDir
    Path dir;

    private Path partWithFiles() throws Exception {
        Files.write(dir.resolve("vmlinux"), new byte[100_000]);
        Files.writeString(dir.resolve("image.json"), "{}");
        PartManifest.write(dir);
        return dir;
    }

    @Test
    void anIntactPartPasses() throws Exception {
        Path part = partWithFiles();
        assertEquals(Optional.empty(), PartManifest.damage(part, false));
        assertEquals(Optional.empty(), PartManifest.damage(part, true));
    }

    @Test
    void aTruncatedFileIsFoundBySizeAlone() throws Exception {
        Path part = partWithFiles();
        try (RandomAccessFile f = new RandomAccessFile(part.resolve("vmlinux").toFile(), "rw")) {
            f.setLength(4096);
        }
        String why = PartManifest.damage(part, false).orElseThrow();
        assertTrue(why.contains("vmlinux is 4096 bytes, but was 100000"), why);
    }

    @Test
    void sameSizeDamageIsFoundByTheHash() throws Exception {
        Path part = partWithFiles();
        try (RandomAccessFile f = new RandomAccessFile(part.resolve("vmlinux").toFile(), "rw")) {
            f.seek(50_000);
            f.write(1);
        }
        // 100 kB is under the cheap-hash limit: found even by the check at every use
        assertTrue(PartManifest.damage(part, false).orElseThrow().contains("SHA-256 differs"));
        assertTrue(PartManifest.damage(part, true).orElseThrow().contains("SHA-256 differs"));
    }

    @Test
    void aMissingFileOrManifestCountsAsDamaged() throws Exception {
        Path part = partWithFiles();
        Files.delete(part.resolve("image.json"));
        assertTrue(PartManifest.damage(part, false).orElseThrow().contains("image.json is missing"));
        Files.delete(part.resolve(PartManifest.FILE));
        assertTrue(PartManifest.damage(part, false).orElseThrow().contains("older labs"));
        Files.writeString(part.resolve(PartManifest.FILE), "[{\"name\": ");
        assertTrue(PartManifest.damage(part, false).orElseThrow().contains("unreadable"));
    }
}
