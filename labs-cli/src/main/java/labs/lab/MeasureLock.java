package labs.lab;

import labs.common.i18n.ProgressText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.OffsetDateTime;
import labs.common.LabsException;
import labs.common.i18n.LabText;
import labs.common.i18n.Msg;
import labs.common.Progress;

/**
 * The host-wide lock of the measuring labs: two of them at once (of any user) would share the disk and the CPUs,
 * and each drops the page cache under the other. A POSIX record lock (fcntl) on a file in /run/lock (a sticky,
 * world-writable folder; /tmp when there is none): the kernel releases it when the holder dies, even by kill -9.
 * The file is shared by every user, so it is opened without following a link (O_NOFOLLOW) and must be a regular
 * file; a link or anything else planted there is refused, not followed. The holder writes what it is into the
 * file, so that a second lab can say whom it waits for.
 */
final class MeasureLock implements AutoCloseable {
    static final String NAME = "labs-measure.lock";
    private final FileChannel channel;
    private final FileLock lock;
    private final HostLoad before;
    private final Duration waited;

    private MeasureLock(FileChannel channel, FileLock lock, HostLoad before, Duration waited) {
        this.channel = channel;
        this.lock = lock;
        this.before = before;
        this.waited = waited;
    }

    /** /run/lock/labs-measure.lock, else in the system's temporary folder. */
    static Path defaultPath() {
        Path run = Path.of("/run/lock");
        return (Files.isDirectory(run) ? run : Path.of(System.getProperty("java.io.tmpdir"))).resolve(NAME);
    }

    /**
     * Takes the lock for lab, waiting for the holder (said once through out) unless wait is false: then a held lock
     * is a usage error (exit 2) naming the holder.
     */
    static MeasureLock acquire(Path file, String lab, boolean wait, Progress out) throws InterruptedException {
        FileChannel ch = open(file);
        try {
            FileLock l = ch.tryLock();
            long start = System.nanoTime();
            if (l == null) {
                String holder = holder(ch);
                if (!wait) {
                    throw LabsException.usage(Msg.get(LabText.ML_BUSY, holder, file),
                            Msg.get(LabText.ML_BUSY_FIX));
                }
                out.warn(ProgressText.MEASURE_LOCK_WAIT, holder);
                l = ch.lock();   // interruptible: Ctrl-C while waiting ends the wait
                out.progress(ProgressText.MEASURE_LOCK_DONE);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((lab + " (pid " + ProcessHandle.current().pid() + ", user "
                    + System.getProperty("user.name") + ", since " + OffsetDateTime.now() + ")\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            return new MeasureLock(ch, l, HostLoad.now(), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            close(ch);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the measuring lock");
            }
            throw LabsException.failed(Msg.get(LabText.ML_CANNOT_LOCK, file), e.getMessage(), e);
        } catch (RuntimeException e) {
            close(ch);
            throw e;
        }
    }

    private static FileChannel open(Path file) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
                PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.isRegularFile()) {
                    close(ch);
                    throw refuse(file, "is not a regular file");
                }
                return ch;
            } catch (NoSuchFileException e) {
                try {
                    // O_EXCL: never through a link someone planted; readable and writable by every user, who share it
                    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
                    return ch;
                } catch (FileAlreadyExistsException raced) {
                    continue;   // another lab made it meanwhile: open that one
                } catch (IOException ex) {
                    throw LabsException.failed(Msg.get(LabText.ML_CANNOT_CREATE, file), ex.getMessage(), ex);
                }
            } catch (IOException e) {
                // O_NOFOLLOW met a link (ELOOP, a plain IOException in Java), or no permission: say which
                String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
                throw Files.isSymbolicLink(file) ? refuse(file, Msg.get(LabText.ML_IS_LINK, file))
                        : refuse(file, Msg.get(LabText.ML_CANNOT_OPEN, file, why));
            }
        }
        throw refuse(file, Msg.get(LabText.ML_FLICKERS, file));
    }

    private static LabsException refuse(Path file, String what) {
        return new LabsException(what, Msg.get(LabText.ML_REFUSE_WHY), Msg.get(LabText.ML_REFUSE_FIX, file),
                LabsException.EXIT_USAGE, null);
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(512);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "another labs process" : labs.common.Echo.of(s);
        } catch (IOException e) {
            return "another labs process";
        }
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing held
        }
    }

    /** The host's load when the lock was taken, with how long the lab waited for it. */
    LoadReport before() {
        return new LoadReport(waited.toMillis(), before, null);
    }

    /** Before and after: after is read now. */
    LoadReport after() {
        return new LoadReport(waited.toMillis(), before, HostLoad.now());
    }

    /** meta.json's "load". */
    record LoadReport(long waitedForLockMs, HostLoad before, HostLoad after) {
        boolean busy() {
            return before.busy() || (after != null && after.busy());
        }

        /** The summary's warning, or null when the host was quiet. */
        String warning() {
            if (!busy()) {
                return null;
            }
            return labs.common.i18n.Msg.get(ProgressText.HOST_BUSY, before.describe(),
                    after != null ? labs.common.i18n.Msg.get(ProgressText.HOST_BUSY_AFTER, after.describe()) : "");
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        close(channel);
    }
}
