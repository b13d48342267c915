package labs.launcher.guest;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import labs.common.Json;

/**
 * What a cache part held when it was built: each file's size and SHA-256, in {@value #FILE} inside the part.
 * A part is named by a hash of its inputs, not of its content, so a file truncated later (a full disk during a
 * copy, a crash of the filesystem, someone's {@code truncate}) would otherwise be booted as is, and the guest
 * then fails in ways that look like a slow machine. Sizes are checked at every use (one stat per file); the
 * SHA-256 of files up to {@link #CHEAP_HASH_BYTES} too (the initramfs: ~10 ms), the large ones (kernel, root
 * disk: ~0.5 s together) only when a boot failed.
 */
public final class PartManifest {
    public static final String FILE = "manifest.json";
    /** Hashing a file this small at every use costs a few ms. */
    static final long CHEAP_HASH_BYTES = 16L * 1024 * 1024;

    /** One file of a part as it was built. */
    public record Entry(String name, long size, String sha256) {}

    private PartManifest() {}

    /** Records every regular file directly in {@code dir} (written last, just before the part is renamed in). */
    static void write(Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (var s = Files.list(dir)) {
            for (Path f : s.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.equals(FILE) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    entries.add(new Entry(name, Files.size(f), sha256(f)));
                }
            }
        }
        Json.MAPPER.writeValue(dir.resolve(FILE).toFile(), entries);
    }

    /**
     * What is wrong with the part, or empty when every file it recorded is there with its size (and its hash,
     * for small files or when {@code allHashes}). A part without a manifest was made by an older labs and cannot
     * be checked: it counts as damaged, so it is built again once.
     */
    public static Optional<String> damage(Path dir, boolean allHashes) {
        Path manifest = dir.resolve(FILE);
        List<Entry> entries;
        try {
            entries = Json.MAPPER.readValue(manifest.toFile(), new TypeReference<List<Entry>>() {});
        } catch (IOException e) {
            return Optional.of(Files.exists(manifest) ? FILE + " is unreadable (" + e.getMessage() + ")"
                    : "it has no " + FILE + " (made by an older labs), so it cannot be checked");
        }
        if (entries == null || entries.isEmpty()) {
            return Optional.of(FILE + " lists no files");
        }
        for (Entry e : entries) {
            Optional<String> bad = damage(dir, e, allHashes);
            if (bad.isPresent()) {
                return bad;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> damage(Path dir, Entry e, boolean allHashes) {
        Path f = dir.resolve(e.name());
        try {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(e.name() + " is missing");
            }
            long size = Files.size(f);
            if (size != e.size()) {
                return Optional.of(e.name() + " is " + size + " bytes, but was " + e.size() + " when it was built");
            }
            if ((allHashes || size <= CHEAP_HASH_BYTES) && !sha256(f).equals(e.sha256())) {
                return Optional.of(e.name() + " has other content than when it was built (SHA-256 differs)");
            }
            return Optional.empty();
        } catch (IOException ex) {
            return Optional.of(e.name() + " cannot be read (" + ex.getMessage() + ")");
        }
    }

    static String sha256(Path f) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
