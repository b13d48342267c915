package labs.handout;

import labs.common.i18n.HandoutText;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Files of a run folder, read only when they are regular files (never through a link, which whoever could write
 * the folder may point anywhere) and of a sane size: a handout shows a student's folder, it never trusts it. The
 * folder itself is checked first ({@link FolderTrust}); the open here still refuses a link (O_NOFOLLOW), so a file
 * swapped for one between the check and the read is not followed either.
 */
final class RunFiles {
    /** Far above any chart or CSV a lab writes (the largest, io-compare's fio.csv, is under 1 MB). */
    static final long MAX_BYTES = 32L << 20;

    /** Why a file of the run is not shown, in the page's words ({@link HandoutText}), with a detail or "". */
    static final class Unusable extends IOException {
        private static final long serialVersionUID = 1L;
        final transient HandoutText reason;

        Unusable(HandoutText reason, String detail) {
            super(detail);
            this.reason = reason;
        }

        /** "not in the run folder", "larger than (32 MiB)" ... in the page's language. */
        String in(labs.charts.Lang lang) {
            return reason.in(lang.language()) + (getMessage().isEmpty() ? "" : " (" + getMessage() + ")");
        }
    }

    private RunFiles() {}

    static boolean present(Path f) {
        return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS);
    }

    static byte[] bytes(Path f) throws IOException {
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            throw new Unusable(HandoutText.FILE_MISSING, "");
        }
        if (!present(f)) {   // checked before opening: opening a FIFO would wait for a writer forever
            throw new Unusable(HandoutText.NOT_A_FILE, "");
        }
        try (SeekableByteChannel ch = Files.newByteChannel(f, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            if (ch.size() > MAX_BYTES) {
                throw new Unusable(HandoutText.TOO_LARGE, (MAX_BYTES >> 20) + " MiB");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(ch.size(), MAX_BYTES) + 1);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            for (int n; (n = ch.read(buf.clear())) >= 0; ) {
                out.write(buf.array(), 0, n);
                if (out.size() > MAX_BYTES) {   // counted as read, not from the size the folder claims
                    throw new Unusable(HandoutText.TOO_LARGE, (MAX_BYTES >> 20) + " MiB");
                }
            }
            return out.toByteArray();
        } catch (NoSuchFileException e) {
            throw new Unusable(HandoutText.FILE_MISSING, "");
        } catch (Unusable e) {
            throw e;
        } catch (IOException e) {
            if (!present(f)) {   // swapped for a link since the check: O_NOFOLLOW refused it (ELOOP)
                throw new Unusable(HandoutText.NOT_A_FILE, "");
            }
            throw e;
        }
    }
}
