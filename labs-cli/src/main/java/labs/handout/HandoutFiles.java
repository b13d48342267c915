package labs.handout;

import labs.common.ShWord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import labs.common.Echo;
import labs.common.LabsException;

/**
 * The HTML page and the PDF written as a pair: both go to hidden temporary files beside their names (made new, so
 * a link planted there is never followed) and are renamed into place only once both are whole. A full disk or a
 * failed render leaves neither a half-written file nor the HTML without its PDF; the temporary files are also
 * removed when Ctrl-C ends labs in the middle (deleteOnExit runs in the JVM's exit, after labs' own exit hook).
 */
final class HandoutFiles {
    /** Writes one file's content to the stream; it must not close it. */
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    private HandoutFiles() {}

    static void write(Path html, Body htmlBody, Path pdf, Body pdfBody) {
        List<Path> tmps = new ArrayList<>();
        Path failed = html;
        try {
            Path htmlTmp = fill(html, htmlBody, tmps);
            failed = pdf;
            Path pdfTmp = fill(pdf, pdfBody, tmps);
            failed = html;
            // a rename replaces a link at the target, it does not write through it
            Files.move(htmlTmp, html, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            failed = pdf;
            Files.move(pdfTmp, pdf, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw cannotWrite(failed, e);
        } finally {
            for (Path t : tmps) {
                try {
                    Files.deleteIfExists(t);   // also frees the space a failed write took
                } catch (IOException ignored) {
                    // the write's own failure is the one to report
                }
            }
        }
    }

    private static Path fill(Path target, Body body, List<Path> tmps) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        tmps.add(tmp);
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            tmp.toFile().deleteOnExit();
            body.write(out);
        }
        return tmp;
    }

    /** The filesystem's reason in words: java.nio's exceptions often carry only the file's name as their message. */
    static String why(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return Echo.of(fse.getReason());
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        return Echo.of(String.valueOf(e.getMessage()));
    }

    /** A full disk, a quota, a read-only or unwritable folder: the user's to fix, exit 2, said with --out. */
    static LabsException cannotWrite(Path target, IOException e) {
        Path dir = target.toAbsolutePath().getParent();
        if (e instanceof java.nio.file.AccessDeniedException) {   // its message is only the file's name
            return new LabsException("cannot write " + Echo.of(target.toString()), "this user may not write in "
                    + Echo.of(dir.toString()), "give --out a folder you can write, e.g. --out ~/handouts",
                    LabsException.EXIT_USAGE, e);
        }
        return new LabsException("cannot write " + Echo.of(target.toString()), why(e), "free some space on"
                + " that filesystem (df -h " + ShWord.typed(dir.toString()) + "), or give --out another folder, e.g."
                + " --out ~/handouts; nothing of this handout was left there", LabsException.EXIT_USAGE, e);
    }
}
