package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import labs.common.i18n.ProgressText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import labs.common.LabsException;
import labs.launcher.DiskFormat;

/**
 * virt-clone. A full clone copies the disk. A linked clone shares a frozen base: the source's disk is renamed to a
 * read-only base-N file in the source's folder and BOTH VMs get a fresh qcow2 overlay on it, so they can run at the
 * same time without one writing blocks the other reads (a clone linked to a disk its source keeps writing would
 * see its file system change underneath it).
 */
public final class CloneMaker {
    private CloneMaker() {}

    /** Result of a clone: the new VM, and the source as it is now (its disk may have become an overlay). */
    public record Result(VmDefinition copy, VmDefinition source, String note) {}

    /**
     * The caller holds the source's lock, has checked it is shut off and has made the new VM's folder, which is
     * still a temp folder: the files are written into it, the definition names their final paths.
     */
    public static Result clone(VmStore store, VmDefinition src, String dst, NewVmFolder dstFolder, boolean full) {
        VmDisk d = src.disk();
        Path srcDir = store.dir(src.name());
        if (full) {
            Path target = store.diskPath(dst, d.format());
            DiskTool.fullCopy(d.path(), d.format(), dstFolder.staged(target));
            VmDisk disk = VmDisk.standalone(target, d.format(), d.sizeMiB(), d.cache());
            return new Result(renamed(src, dst, disk), src, Msg.get(VmText.CLONE_FULL_NOTE, d.path()));
        }
        if (!StorageCleaner.insideFolder(realPath(srcDir), d.path())) {
            throw LabsException.usage(Msg.get(VmText.CLONE_DISK_OUTSIDE, src.name(), d.path()),
                    Msg.get(VmText.CLONE_DISK_OUTSIDE_FIX, src.name(), dst));
        }
        Path base = nextBase(srcDir, d.format());
        try {
            Files.move(d.path(), base, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LabsException(Msg.get(VmText.CLONE_CANNOT_FREEZE, src.name()), e.toString(),
                    Msg.get(VmText.CHECK_PERMISSIONS_OF, srcDir));
        }
        Path srcOverlay = store.diskPath(src.name(), DiskFormat.QCOW2);
        Path dstOverlay = store.diskPath(dst, DiskFormat.QCOW2);
        Path dstStaged = dstFolder.staged(dstOverlay);
        try {
            DiskTool.linkedClone(base, d.format(), srcOverlay);
            DiskTool.linkedClone(base, d.format(), dstStaged);
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("r--------"));
        } catch (RuntimeException | IOException e) {
            deleteQuietly(srcOverlay);
            deleteQuietly(dstStaged);
            try {
                Files.move(base, d.path(), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException back) {
                e.addSuppressed(back);
            }
            throw e instanceof LabsException le ? le
                    : new LabsException(Msg.get(VmText.CLONE_CANNOT_LINK), e.toString(),
                            Msg.get(VmText.CHECK_FREE_SPACE));
        }
        VmDisk srcDisk = new VmDisk(srcOverlay, DiskFormat.QCOW2, d.sizeMiB(), d.cache(), base, d.format(),
                src.name());
        VmDisk dstDisk = new VmDisk(dstOverlay, DiskFormat.QCOW2, d.sizeMiB(), d.cache(), base, d.format(),
                src.name());
        VmDefinition newSrc = new VmDefinition(src.name(), src.uuid(), src.vcpus(), src.cpuset(), src.memoryMiB(),
                srcDisk, src.kernelOverride(), src.image(), src.accel(), src.network(), src.created());
        store.save(newSrc);
        String note = labs.common.i18n.Msg.get(ProgressText.CLONE_BASE_NOTE, src.name(), base, dst);
        return new Result(renamed(src, dst, dstDisk), newSrc, note);
    }

    /**
     * VMs (other than {@code vm}) whose disk reads from a base file inside {@code vm}'s folder, including the kept
     * storage of undefined clones (their disk still reads it), named "NAME (undefined, storage kept)".
     */
    public static List<String> usersOfBase(VmStore store, String vm) {
        Path real = realPath(store.dir(vm));
        List<String> users = new ArrayList<>();
        for (String name : store.names()) {
            if (!name.equals(vm) && readsFrom(real, () -> store.load(name))) {
                users.add(name);
            }
        }
        for (String name : store.keptNames()) {
            if (!name.equals(vm) && readsFrom(real, () -> store.loadKept(name))) {
                users.add(name + " (undefined, storage kept)");
            }
        }
        return users;
    }

    private static boolean readsFrom(Path realFolder, java.util.function.Supplier<VmDefinition> def) {
        Path backing;
        try {
            backing = def.get().disk().backingFile();
        } catch (LabsException e) {
            return false; // damaged or refused: it reads nothing labs could protect
        }
        return backing != null && StorageCleaner.insideFolder(realFolder, backing);
    }

    private static VmDefinition renamed(VmDefinition src, String dst, VmDisk disk) {
        return new VmDefinition(dst, UUID.randomUUID(), src.vcpus(), src.cpuset(), src.memoryMiB(), disk,
                src.kernelOverride(), src.image(), src.accel(), src.network(), OffsetDateTime.now().toString());
    }

    private static Path nextBase(Path dir, DiskFormat format) {
        for (int i = 1; ; i++) {
            Path p = dir.resolve("base-" + i + "." + format.qemuName());
            if (!Files.exists(p)) {
                return p;
            }
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort while undoing a failed clone
        }
    }
}
