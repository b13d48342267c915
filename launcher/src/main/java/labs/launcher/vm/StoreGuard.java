package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import labs.common.LabsException;

/**
 * Whom the VM store trusts, the way ssh's StrictModes judges ~/.ssh: the store folder, every folder on the way
 * to it and every VM folder must belong to the user running labs (or root) and must not be writable by group or
 * others. Otherwise another local user could swap a VM folder for a link to one of theirs holding a forged
 * definition (a root-only file as its disk), and root's labs would boot it and write its logs there. A folder on
 * the way (not the store itself) may be group/other-writable when it has the sticky bit and belongs to root,
 * like /tmp: there nobody can rename or delete what another user made.
 */
public final class StoreGuard {
    private static final int GROUP_OTHER_WRITE = 0022;
    private static final int STICKY = 01000;
    private static final int TYPE_MASK = 0170000;
    private static final int TYPE_LINK = 0120000;
    private static final int TYPE_DIR = 0040000;

    private StoreGuard() {}

    /** The effective uid of this process (the owner of /proc/self, which is a link to our own /proc/PID). */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self: labs needs /proc", e);
        }
    }

    /**
     * Checks the store folder (it need not exist yet: then what exists of the way to it is checked), following
     * links on the way as the kernel would and judging the folders it really goes through.
     */
    public static void checkStore(Path storeRoot) {
        Path existing = storeRoot.toAbsolutePath().normalize();
        while (existing != null) {
            try {
                Files.readAttributes(existing, BasicFileAttributes.class);
                break;
            } catch (NoSuchFileException e) {
                existing = existing.getParent();
            } catch (IOException e) {
                // EACCES: another user's store (root's, 0700) must not look like an empty one
                throw unreadable(storeRoot, e);
            }
        }
        if (existing == null) {
            return;
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            throw unreadable(storeRoot, e);
        }
        boolean isStore = existing.equals(storeRoot.toAbsolutePath().normalize());
        int uid = currentUid();
        checkWrittenPath(existing, storeRoot, uid);
        for (Path p = real; p != null; p = p.getParent()) {
            checkFolder(p, storeRoot, uid, isStore && p.equals(real));
        }
    }

    /**
     * Checks the path as written, component by component without following the last link (lstat), the way ssh's
     * secure_path does: a link is only as safe as the folder that holds it and its owner, since whoever can write
     * that folder (or owns the link in a sticky one) can point it elsewhere at any time. The real path is checked
     * after this; here the folders and links on the way as written (which the real path may skip) are.
     */
    private static void checkWrittenPath(Path existing, Path storeRoot, int uid) {
        Path p = existing.getRoot();
        for (Path part : existing) {
            p = p.resolve(part);
            Owned a = owned(p).orElseThrow(() -> unreadable(storeRoot, new NoSuchFileException(existing.toString())));
            int mode = a.mode();
            int owner = a.uid();
            if ((mode & TYPE_MASK) == TYPE_LINK && owner != uid && owner != 0) {
                throw new LabsException(Msg.get(VmText.GUARD_LINK_OWNER, storeRoot, p, owner, uid),
                        Msg.get(VmText.GUARD_LINK_OWNER_WHY), Msg.get(VmText.GUARD_LINK_OWNER_FIX, realOr(storeRoot)));
            }
            if ((mode & TYPE_MASK) == TYPE_DIR && !p.equals(existing)) {
                checkFolder(p, storeRoot, uid, false);   // the store itself is judged strictly with the real path
            }
        }
    }

    private static String realOr(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return "$HOME/.local/share/labs";
        }
    }

    /**
     * Checks one VM folder, which must be a real folder (never a link) owned by the user or root and not writable by
     * group or others. Nothing to check when it does not exist.
     */
    public static void checkVmFolder(Path vmDir, String vmName) {
        Optional<Owned> a = owned(vmDir);
        if (a.isEmpty()) {
            return;
        }
        int mode = a.get().mode();
        if ((mode & TYPE_MASK) == TYPE_LINK) {
            String target;
            try {
                target = Files.readSymbolicLink(vmDir).toString();
            } catch (IOException e) {
                target = "?";
            }
            throw LabsException.usage(Msg.get(VmText.GUARD_VM_LINK, vmName, vmDir, target),
                    Msg.get(VmText.GUARD_VM_LINK_FIX, vmDir));
        }
        if ((mode & TYPE_MASK) != TYPE_DIR) {
            throw LabsException.usage(Msg.get(VmText.GUARD_NOT_FOLDER, vmDir, vmName),
                    Msg.get(VmText.GUARD_NOT_FOLDER_FIX, vmDir));
        }
        checkFolder(vmDir, vmDir.getParent(), currentUid(), true);
    }

    /**
     * Checks a file labs reads from a VM folder and acts on (definition.json, runtime.json, lab-owner,
     * undefined.json), as StrictModes checks authorized_keys: a file another user can write could name a root-only
     * file as the VM's disk, or a process to signal, even inside a folder of ours. It must be owned by the user or
     * root and not writable by group or others. Nothing to check when it does not exist (or is a link: readers
     * open with NOFOLLOW_LINKS and refuse it themselves).
     */
    public static void checkFile(Path file, String vmName) {
        Optional<Owned> a = owned(file);
        if (a.isEmpty()) {
            return;
        }
        int mode = a.get().mode();
        int owner = a.get().uid();
        int uid = currentUid();
        String what = Msg.get(VmText.GUARD_FILE_WHAT, file, vmName);
        if (owner != uid && owner != 0) {
            throw LabsException.usage(Msg.get(VmText.GUARD_FILE_OWNER, what, owner, uid),
                    Msg.get(VmText.GUARD_FILE_OWNER_FIX, uid == 0 ? "root" : "$(id -un)", file));
        }
        if ((mode & GROUP_OTHER_WRITE) != 0) {
            throw LabsException.usage(Msg.get((mode & 0002) != 0 ? VmText.GUARD_FILE_WRITABLE_ALL
                    : VmText.GUARD_FILE_WRITABLE_GROUP, what, String.format("%04o", mode & 07777)),
                    Msg.get(VmText.GUARD_FILE_WRITABLE_FIX, file));
        }
    }

    /** The mode and owner of path itself (a link is not followed). */
    private record Owned(int mode, int uid) {}

    /** path's {@link Owned}, or empty when it does not exist; any other failure to look is an error naming it. */
    private static Optional<Owned> owned(Path path) {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new Owned((Integer) a.get("mode"), (Integer) a.get("uid")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unreadable(path, e);
        }
    }

    private static void checkFolder(Path dir, Path storeRoot, int uid, boolean strict) {
        Owned a = owned(dir).orElseThrow(() -> unreadable(dir, new NoSuchFileException(dir.toString())));
        int mode = a.mode();
        int owner = a.uid();
        if (owner != uid && owner != 0) {
            throw new LabsException(Msg.get(VmText.GUARD_FOLDER_OWNER, where(dir, storeRoot), owner, uid),
                    Msg.get(VmText.GUARD_FOLDER_WHY),
                    Msg.get(VmText.GUARD_FOLDER_OWNER_FIX, uid == 0 ? "root" : "$(id -un)", dir));
        }
        boolean othersWrite = (mode & GROUP_OTHER_WRITE) != 0;
        boolean stickyRootOwned = (mode & STICKY) != 0 && owner == 0;
        if (othersWrite && (strict || !stickyRootOwned)) {
            throw new LabsException(Msg.get((mode & 0002) != 0 ? VmText.GUARD_FOLDER_WRITABLE_ALL
                    : VmText.GUARD_FOLDER_WRITABLE_GROUP, where(dir, storeRoot), String.format("%04o", mode & 07777)),
                    Msg.get(VmText.GUARD_FOLDER_WRITABLE_WHY), "chmod go-w " + dir);
        }
    }

    private static String where(Path dir, Path storeRoot) {
        return dir.equals(storeRoot) ? Msg.get(VmText.GUARD_STORE, dir)
                : Msg.get(VmText.GUARD_STORE_UNSAFE, storeRoot, dir);
    }

    static LabsException unreadable(Path p, IOException e) {
        String why = e instanceof AccessDeniedException ? Msg.get(VmText.GUARD_PERMISSION_DENIED) : e.toString();
        return new LabsException(Msg.get(VmText.GUARD_UNREADABLE, p, why),
                Msg.get(VmText.GUARD_UNREADABLE_WHY, currentUid()), Msg.get(VmText.GUARD_UNREADABLE_FIX));
    }
}
