package labs.launcher.vm;

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
 * link to the user's files (or a folder swapped for a link) cannot make labs delete them.
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
            Path real = vmDir.toRealPath();
            for (Path disk : disks) {
                if (disk != null && !insideFolder(real, disk)) {
                    kept.add(disk + " (not inside the VM folder " + vmDir + ": a disk given from elsewhere is "
                            + "never deleted)");
                }
            }
            // walkFileTree does not follow links: a link inside the folder is visited as a file and deleted as one.
            Files.walkFileTree(vmDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
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
            });
            return new Report(deleted, kept);
        } catch (IOException e) {
            String done = deleted.size() == 1 ? "1 path" : deleted.size() + " paths";
            throw new LabsException("could not remove all of " + vmDir, e.toString()
                    + (deleted.isEmpty() ? "" : " (already removed: " + done + ")"),
                    "remove what is left of that folder by hand");
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
