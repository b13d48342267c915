package labs.cpuinfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads small text files (/proc, /sys, saved dumps) without trusting their size: /proc files report size 0, and a
 * file handed in by a student may be 1 GiB or binary. Never reads more than the limit plus one byte.
 */
final class BoundedRead {
    private BoundedRead() {}

    /** The file's bytes, or a {@link TooLarge} when it has more than max bytes (memory stays bounded by max). */
    static byte[] bytes(Path file, int max) throws IOException {
        if (!Files.isRegularFile(file)) {   // opening a FIFO blocks until a writer comes: never do that
            throw new IOException(file + " is not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = in.readNBytes(max + 1);
            if (buf.length > max) {
                throw new TooLarge(file, max);
            }
            return buf;
        }
    }

    static String text(Path file, int max) throws IOException {
        return new String(bytes(file, max), StandardCharsets.UTF_8);
    }

    /** A file larger than the caller accepts. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(Path file, int max) {
            super(file + " is larger than " + (max >> 20) + " MiB");
        }
    }
}
