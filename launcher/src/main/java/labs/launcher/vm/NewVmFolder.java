package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import labs.common.LabsException;
import labs.common.Progress;

/**
 * The folder of a VM being created or cloned: made as {@code vms/.creating-PID-RANDOM-NAME} and renamed to
 * {@code vms/NAME} only once its disk and definition are complete, so a VM folder either is whole or does not
 * exist. A creator stopped half-way (Ctrl-C, kill -9, a full disk) leaves only a hidden temp folder, which no
 * command mistakes for a VM and which the next create, clone or list removes once its creator is dead.
 */
public final class NewVmFolder implements AutoCloseable {
    static final String PREFIX = ".creating-";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VmStore store;
    private final String name;
    private final Path temp;
    private boolean committed;

    private NewVmFolder(VmStore store, String name, Path temp) {
        this.store = store;
        this.name = name;
        this.temp = temp;
    }

    /** Makes the temp folder (0700); the caller then writes the VM's files into {@link #path()}. */
    public static NewVmFolder create(VmStore store, String name) {
        VmName.check(name);
        store.ensureRoot();
        byte[] r = new byte[6];
        RANDOM.nextBytes(r);
        Path temp = store.root().resolve(PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(r)
                + "-" + name);
        try {
            Files.createDirectory(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(temp, OWNER_ONLY); // umask may have removed bits; make it exactly 0700
        } catch (IOException e) {
            throw new LabsException(Msg.get(VmText.CANNOT_CREATE_NEW_FOLDER, name, store.root()), e.toString(),
                    Msg.get(VmText.NEW_FOLDER_FIX, store.root()));
        }
        return new NewVmFolder(store, name, temp);
    }

    /**
     * The folder to name in a message about dir: the store for a temp folder of a create (which is gone by the time
     * the user reads the message), else dir itself.
     */
    public static Path shownFolder(Path dir) {
        Path name = dir.getFileName();
        return name != null && name.toString().startsWith(PREFIX) && dir.getParent() != null ? dir.getParent() : dir;
    }

    /** Where the new VM's files are written until {@link #commit}. */
    public Path path() { return temp; }

    /** The temp path of a file whose final place is {@code finalPath} (a file of the VM's folder). */
    public Path staged(Path finalPath) {
        return temp.resolve(finalPath.getFileName());
    }

    /**
     * Writes the definition and moves the folder into place. rename(2) is atomic and refuses a folder that is not
     * empty, so of two creators of one name exactly one wins; the other is refused and its folder removed.
     */
    public void commit(VmDefinition def) {
        store.saveInto(temp, def);
        Path target = store.dir(name);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        } catch (IOException e) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw store.duplicate(name);
            }
            throw new LabsException(Msg.get(VmText.CANNOT_MOVE_NEW, name, target), e.toString(),
                    Msg.get(VmText.CHECK_PERMISSIONS_OF, store.root()));
        }
    }

    /** Removes the temp folder unless it was committed. */
    @Override
    public void close() {
        if (!committed && Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
            StorageCleaner.removeVmFolder(temp, List.of());
        }
    }

    /**
     * Removes temp folders whose creator process is gone (and whose lock nobody holds); returns what it removed.
     *
     * @param out where a removal, or a folder that could not be removed, is reported
     */
    public static List<Path> sweep(VmStore store, Progress out) {
        Path root = store.root();
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return removed;
        }
        store.checkRoot();
        List<Path> temps;
        try (Stream<Path> s = Files.list(root)) {
            temps = s.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList();
        } catch (IOException e) {
            return removed; // sweeping is a courtesy: the command itself reports an unreadable store
        }
        for (Path t : temps) {
            long pid = creatorPid(t.getFileName().toString());
            if (pid <= 0 || ProcessHandle.of(pid).isPresent() || VmLock.held(t) || !ours(t)) {
                continue;
            }
            try {
                StorageCleaner.removeVmFolder(t, List.of());
                removed.add(t);
                out.debug("removed %s, left by a create or clone that was stopped (pid %d)", t, pid);
            } catch (LabsException e) {
                out.warn("%s", Msg.get(VmText.STOPPED_CREATE_LEFT, t, e.getMessage()));
            }
        }
        return removed;
    }

    /** Only a real folder of ours (or root's) that nobody else can write is swept: see {@link StoreGuard}. */
    private static boolean ours(Path temp) {
        try {
            StoreGuard.checkVmFolder(temp, temp.getFileName().toString());
            return true;
        } catch (LabsException e) {
            return false;
        }
    }

    static long creatorPid(String folderName) {
        String rest = folderName.substring(PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            return dash > 0 ? Long.parseLong(rest.substring(0, dash)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
