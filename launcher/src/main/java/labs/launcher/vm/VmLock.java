package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import labs.common.LabsException;

/**
 * An exclusive lock on one VM (fcntl lock on {@code .lock} in its folder), held while a labs process changes it:
 * a second process waits up to a limit and is then refused, so a definition is never written by two at once.
 * The kernel drops the lock when its holder dies, even by kill -9, so a crash never leaves the VM locked.
 */
public final class VmLock implements AutoCloseable {
    public static final String FILE = ".lock";
    /**
     * Lock files this JVM holds. POSIX drops all of a process's locks on a file when ANY descriptor of it closes,
     * so threads of one JVM must not open the file while another thread holds it: they wait here instead.
     */
    private static final Set<Path> IN_JVM = ConcurrentHashMap.newKeySet();
    private final FileChannel channel;
    private final FileLock lock;
    private final Path key;

    private VmLock(FileChannel channel, FileLock lock, Path key) {
        this.channel = channel;
        this.lock = lock;
        this.key = key;
    }

    /** Takes the lock, waiting at most {@code wait}; the message names the action and who holds the lock. */
    public static VmLock acquire(Path vmDir, String vmName, String action, Duration wait) {
        Path file = vmDir.resolve(FILE).toAbsolutePath().normalize();
        FileChannel ch = null;
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (!IN_JVM.add(file)) {
                if (System.nanoTime() > deadline) {
                    throw busy(vmName, action, Msg.get(VmText.BUSY_THREAD), wait);
                }
                Thread.sleep(50);
            }
            // never through a link: a .lock planted as a link would make labs create or truncate its target
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            while (true) {
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                }
                if (l != null) {
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + " " + action + "\n")
                            .getBytes(StandardCharsets.UTF_8)), 0);
                    return new VmLock(ch, l, file);
                }
                if (System.nanoTime() > deadline) {
                    String holder = readHolder(ch);
                    ch.close();
                    IN_JVM.remove(file);
                    throw busy(vmName, action, Msg.get(VmText.BUSY_PROCESS,
                            holder.isEmpty() ? "" : Msg.get(VmText.BUSY_HOLDER, holder)), wait);
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            IN_JVM.remove(file);
            throw cannotLock(vmDir, vmName, file, e);
        } catch (InterruptedException e) {
            closeQuietly(ch);
            IN_JVM.remove(file);
            Thread.currentThread().interrupt();
            throw LabsException.failed(Msg.get(LauncherText.LOCK_INTERRUPTED, vmName), null, e);
        }
    }

    /** A full filesystem is said as such, naming the store rather than a create's temp folder (gone by then). */
    private static LabsException cannotLock(Path vmDir, String vmName, Path file, IOException e) {
        Path shown = NewVmFolder.shownFolder(vmDir.toAbsolutePath().normalize());
        String where = shown.equals(vmDir.toAbsolutePath().normalize()) ? file.toString()
                : Msg.get(LauncherText.LOCK_NEW_FOLDER_IN, shown);
        if (String.valueOf(e.getMessage()).contains("No space left on device")) {
            return LabsException.usage(Msg.get(LauncherText.LOCK_DISK_FULL, vmName, where, shown),
                    Msg.get(LauncherText.LOCK_DISK_FULL_FIX, shown, "export LABS_DATA_DIR=/path/with/room"));
        }
        return new LabsException(Msg.get(LauncherText.LOCK_CANNOT, vmName, where), e.getMessage(),
                Msg.get(LauncherText.LOCK_CANNOT_FIX, shown));
    }

    private static LabsException busy(String vmName, String action, String why, Duration wait) {
        return new LabsException(Msg.get(VmText.BUSY, vmName, shown(action)),
                Msg.get(VmText.BUSY_WHY, why, wait.toSeconds()), Msg.get(VmText.BUSY_FIX),
                LabsException.EXIT_FAILED, null);
    }

    /**
     * The action in the user's language. Callers name it in English ("start it"), the words the lock file keeps
     * for another process to read; an action not listed here is shown as written.
     */
    private static String shown(String action) {
        VmText key = switch (action) {
            case "create it" -> VmText.ACTION_CREATE;
            case "clone it" -> VmText.ACTION_CLONE;
            case "start it" -> VmText.ACTION_START;
            case "take over its start" -> VmText.ACTION_TAKE_OVER;
            case "resume it" -> VmText.ACTION_RESUME;
            case "remove it" -> VmText.ACTION_REMOVE;
            case "shut it down" -> VmText.ACTION_SHUT_DOWN;
            case "destroy it" -> VmText.ACTION_DESTROY;
            case "undefine it" -> VmText.ACTION_UNDEFINE;
            default -> null;
        };
        return key == null ? action : Msg.get(key);
    }

    /** True when some process holds the lock right now (checked without waiting). */
    public static boolean held(Path vmDir) {
        Path file = vmDir.resolve(FILE).toAbsolutePath().normalize();
        if (!IN_JVM.add(file)) {
            return true;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        } finally {
            IN_JVM.remove(file);
        }
    }

    private static String readHolder(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(200);
            int n = ch.read(buf, 0);
            return n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do: the lock goes with the channel
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it anyway
        }
        closeQuietly(channel);
        IN_JVM.remove(key);
    }
}
