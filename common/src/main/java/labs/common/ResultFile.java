package labs.common;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Every file of a results folder is written beside its final name and renamed into place, so that a full disk, a
 * quota or a Ctrl-C in the middle leaves the previous version or nothing, never a 0-byte or truncated CSV, PNG or
 * JSON that looks finished. A write that fails is the user's to fix (free space, another --results), not an
 * internal error: it is an exit-2 {@link LabsException} naming the file and the filesystem's own words.
 */
public final class ResultFile {
    private ResultFile() {}

    /** Writes the content to an output stream; it must not close it. */
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Writes text through a writer; it must not close it. */
    public interface TextBody {
        void write(Writer out) throws IOException;
    }

    public static void write(Path target, Body body) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            // not createTempFile: that makes it 0600, and a results file keeps the umask's mode like any other
            tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-"
                    + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                body.write(out);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            throw cannotWrite(target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);   // also frees the space a failed write took
                } catch (IOException ignored) {
                    // the write's own failure is the one to report
                }
            }
        }
    }

    /** Text in UTF-8. */
    public static void writeText(Path target, TextBody body) {
        write(target, out -> {
            // A body may close its writer (a JSON generator or CSV printer does): that only flushes here, so that
            // the bytes reach the file before it is renamed.
            Writer w = new java.io.FilterWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            body.write(w);
            w.flush();
        });
    }

    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static void writeBytes(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /** A copy of a file the user gave (a raw input kept with the results). */
    public static void copy(Path source, Path target) {
        write(target, out -> Files.copy(source, out));
    }

    /**
     * A full disk, a quota or a read-only filesystem met anywhere a lab writes (not only through this class) as the
     * environment error it is, else null: {@code labs} then exits 2 with the fix rather than 3 "internal error".
     */
    public static LabsException environmentError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.nio.file.FileSystemException fse && fse.getReason() != null
                    && fse.getReason().matches("No space left on device|Disk quota exceeded|Read-only file system")) {
                String file = fse.getOtherFile() != null ? fse.getOtherFile() : fse.getFile();
                return cannotWrite(Path.of(file != null ? file : "(a results file)"), fse);
            }
        }
        return null;
    }

    /** A results file that cannot be written (a full disk, most often) is the user's to fix, not an internal error. */
    public static LabsException cannotWrite(Path target, IOException e) {
        Path dir = target.toAbsolutePath().getParent();
        String why = e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null
                ? fse.getReason() : String.valueOf(e.getMessage());
        return new LabsException("cannot write " + target, why, "free some space on that filesystem (df -h " + dir
                + "), or choose another folder with --results DIR", LabsException.EXIT_USAGE, e);
    }
}
