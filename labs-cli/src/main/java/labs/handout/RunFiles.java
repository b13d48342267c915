package labs.handout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Files of a run folder, read only when they are regular files (never through a link, which whoever could write
 * the folder may point anywhere) and of a sane size: a handout shows a student's folder, it never trusts it.
 */
final class RunFiles {
    /** Far above any chart or CSV a lab writes (the largest, io-compare's fio.csv, is under 1 MB). */
    static final long MAX_BYTES = 32L << 20;

    private RunFiles() {}

    static boolean present(Path f) {
        return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS);
    }

    static byte[] bytes(Path f) throws IOException {
        if (!present(f)) {
            throw new IOException(f + " is not a regular file");
        }
        if (Files.size(f) > MAX_BYTES) {
            throw new IOException(f + " is larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        return Files.readAllBytes(f);
    }
}
