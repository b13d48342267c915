package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import labs.common.LabsException;

/**
 * `undefine --remove-all-storage`: deletes the VM's folder and what is inside it, and nothing else. A disk whose
 * path lies outside the folder is kept and named; a symbolic link is removed as a link and never followed, so a
 * link to the user's files (or a folder swapped for a link) cannot make labs delete them. Nor does it cross into
 * another file system: a mount point inside the folder (a bind mount of the user's files) is found before anything
 * is deleted, and the removal is refused with the umount to run.
 */
public final class StorageCleaner {
    /** What was deleted and what was deliberately kept (with the reason). */
    public record Report(List<Path> deleted, List<String> kept) {}

    private StorageCleaner() {}

    public static Report removeVmFolder(Path vmDir, List<Path> disks) {
        List<Path> deleted = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        try {
            if (Files.isSymbolicLink(vmDir)) {
                Files.delete(vmDir);
                deleted.add(vmDir);
                kept.add(vmDir + " was a symbolic link: removed the link only, not what it points to");
                return new Report(deleted, kept);
            }
            if (!Files.isDirectory(vmDir, LinkOption.NOFOLLOW_LINKS)) {
                return new Report(deleted, kept);
            }
            Object dev = Files.getAttribute(vmDir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            Path real = vmDir.toRealPath();
            refuseMountPoints(vmDir, real, dev);
            for (Path disk : disks) {
                if (disk != null && !insideFolder(real, disk)) {
                    kept.add(Msg.get(VmText.KEPT_OUTSIDE_DISK, disk, vmDir));
                }
            }
            // walkFileTree does not follow links: a link inside the folder is visited as a file and deleted as one.
            // The device is checked again on the way (the scan above is what refuses; this is the backstop).
            Files.walkFileTree(vmDir, new SameDeviceDeleter(dev, deleted));
            return new Report(deleted, kept);
        } catch (IOException e) {
            throw new LabsException(Msg.get(VmText.REMOVE_PARTLY, vmDir), e.toString() + (deleted.isEmpty() ? ""
                    : Msg.get(deleted.size() == 1 ? VmText.ALREADY_REMOVED_ONE : VmText.ALREADY_REMOVED_MANY,
                    deleted.size())), Msg.get(VmText.REMOVE_PARTLY_FIX));
        }
    }

    /** Deletes a folder's tree, refusing anything on another device than the folder's (a mount inside it). */
    private static final class SameDeviceDeleter extends SimpleFileVisitor<Path> {
        private final Object dev;
        private final List<Path> deleted;

        SameDeviceDeleter(Object dev, List<Path> deleted) {
            this.dev = dev;
            this.deleted = deleted;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (!dev.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                throw new IOException(dir + " is on another file system: not crossed");
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (!dev.equals(Files.getAttribute(file, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                throw new IOException(file + " is on another file system: not deleted");
            }
            Files.delete(file);
            deleted.add(file);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            if (exc != null) {
                throw exc;
            }
            Files.delete(dir);
            deleted.add(dir);
            return FileVisitResult.CONTINUE;
        }
    }

    /**
     * Refuses, before anything is deleted, a folder holding a mount point: one listed in /proc/self/mountinfo (a
     * bind mount from the same file system keeps its device number) or an entry on another device.
     */
    private static void refuseMountPoints(Path vmDir, Path realDir, Object dev) throws IOException {
        List<Path> mounts = new ArrayList<>();
        for (Path m : MountPoints.atOrUnder(realDir)) {
            mounts.add(vmDir.resolve(realDir.relativize(m)));
        }
        Files.walkFileTree(vmDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                return check(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                check(file);
                return FileVisitResult.CONTINUE;
            }

            private boolean check(Path p) throws IOException {
                if (dev.equals(Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                    return !mounts.contains(p);
                }
                if (!mounts.contains(p)) {
                    mounts.add(p);
                }
                return false;
            }
        });
        if (!mounts.isEmpty()) {
            String list = String.join(", ", mounts.stream().map(Path::toString).toList());
            throw new LabsException(mounts.size() == 1 ? Msg.get(VmText.MOUNT_INSIDE_ONE, vmDir, list)
                    : Msg.get(VmText.MOUNT_INSIDE_MANY, vmDir, mounts.size(), list),
                    Msg.get(VmText.MOUNT_INSIDE_WHY), Msg.get(VmText.MOUNT_INSIDE_FIX, mounts.get(0)));
        }
    }

    /**
     * Whether a disk path is inside the folder, judged on real paths of its parent (the file itself may be a link:
     * then the link is what lies in the folder, and deleting it leaves its target alone).
     */
    static boolean insideFolder(Path realFolder, Path disk) {
        try {
            Path abs = disk.toAbsolutePath().normalize();
            Path parent = abs.getParent();
            if (parent == null || !Files.exists(parent)) {
                return false;
            }
            return parent.toRealPath().resolve(abs.getFileName()).startsWith(realFolder);
        } catch (IOException e) {
            return false;
        }
    }
}
