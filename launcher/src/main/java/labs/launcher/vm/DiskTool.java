package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import labs.common.DebianPackage;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.Packages;
import labs.common.ToolPath;
import labs.launcher.DiskFormat;
import labs.launcher.qemu.BlockPath;

/**
 * The host-side disk work of create and clone, done with the tools virt-install and virt-clone use underneath:
 * mke2fs (no root needed on a plain file) and qemu-img. Every result is written under a ".part" name and renamed
 * when complete, so an interrupted create never leaves a disk that looks finished.
 */
public final class DiskTool {
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(10);

    /**
     * The largest data disk: 8 TiB. Far beyond a lab's needs, and below ext4's 16 TiB file limit on the host (so
     * the sparse file can exist) and the size an ext4 without the 64bit feature can format.
     */
    public static final long MAX_DISK_MIB = 8L * 1024 * 1024;

    private DiskTool() {}

    /** Refuses a data disk larger than {@link #MAX_DISK_MIB}, before anything is created. */
    public static void checkSize(long sizeMiB) {
        if (sizeMiB > MAX_DISK_MIB) {
            throw LabsException.usage(Msg.get(VmText.DISK_TOO_LARGE, sizeMiB, MAX_DISK_MIB),
                    Msg.get(VmText.DISK_TOO_LARGE_FIX, MAX_DISK_MIB));
        }
    }

    /** A sparse raw file of sizeMiB with an empty ext4 inside, kept raw or converted to qcow2. */
    public static void createDataDisk(Path target, DiskFormat format, long sizeMiB) {
        checkSize(sizeMiB);
        Packages.require("creating a VM disk", List.of(DebianPackage.E2FSPROGS, DebianPackage.QEMU_UTILS));
        Path raw = target.resolveSibling(target.getFileName() + ".raw.part");
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
                f.setLength(sizeMiB * 1024 * 1024); // sparse: no block is written until the guest writes
            }
            run(List.of(tool("mke2fs"), "-q", "-t", "ext4", "-F", "-m", "0", "-L", "data", ToolPath.of(raw)),
                    Msg.get(VmText.PURPOSE_FORMAT));
            if (format == DiskFormat.RAW) {
                Files.move(raw, part);
            } else {
                run(List.of(tool("qemu-img"), "convert", "-q", "-f", "raw", "-O", "qcow2", BlockPath.of(raw),
                        BlockPath.of(part)), Msg.get(VmText.PURPOSE_CONVERT));
                Files.delete(raw);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw cannotCreate(target, sizeMiB, e);
        } finally {
            deleteQuietly(raw);
            deleteQuietly(part);
        }
    }

    /** A linked clone: a new qcow2 that reads unwritten blocks from the base (base is never written). */
    public static void linkedClone(Path base, DiskFormat baseFormat, Path target) {
        Packages.require("cloning a VM disk", List.of(DebianPackage.QEMU_UTILS));
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            run(List.of(tool("qemu-img"), "create", "-q", "-f", "qcow2", "-F", baseFormat.qemuName(),
                    "-b", BlockPath.of(base), BlockPath.of(part)), Msg.get(VmText.PURPOSE_LINK));
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw cannotCreate(target, -1, e);
        } finally {
            deleteQuietly(part);
        }
    }

    /** A full, independent copy (a linked source is flattened), kept sparse by qemu-img. */
    public static void fullCopy(Path source, DiskFormat format, Path target) {
        Packages.require("cloning a VM disk", List.of(DebianPackage.QEMU_UTILS));
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            run(List.of(tool("qemu-img"), "convert", "-q", "-O", format.qemuName(), BlockPath.of(source),
                    BlockPath.of(part)), Msg.get(VmText.PURPOSE_COPY));
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw cannotCreate(target, -1, e);
        } finally {
            deleteQuietly(part);
        }
    }

    /** Names the store, never a create's temp folder; a full filesystem and a too large file are said as such. */
    static LabsException cannotCreate(Path target, long sizeMiB, IOException e) {
        Path shown = NewVmFolder.shownFolder(target.toAbsolutePath().getParent());
        String what = Msg.get(VmText.DISK_CANNOT_CREATE, target.getFileName(), shown);
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("No space left on device")) {
            return LabsException.usage(Msg.get(VmText.DISK_FULL, what), Msg.get(VmText.FREE_SPACE_FIX, shown));
        }
        if (msg.contains("File too large")) {
            return LabsException.usage(Msg.get(VmText.DISK_FILE_TOO_LARGE, what, sizeMiB),
                    Msg.get(VmText.DISK_FILE_TOO_LARGE_FIX));
        }
        return new LabsException(what, e.toString(), Msg.get(VmText.DISK_CHECK_SPACE, shown));
    }

    private static String tool(String name) {
        Path p = HostRunner.which(name);
        return p == null ? name : p.toString();
    }

    private static void run(List<String> argv, String purpose) {
        ExecResult r;
        try {
            r = HostRunner.INSTANCE.exec(new ArrayList<>(argv), TOOL_TIMEOUT);
        } catch (IOException e) {
            throw new LabsException(Msg.get(LauncherText.TOOL_CANNOT_RUN, argv.get(0), purpose), e.getMessage(),
                    "sudo apt-get install -y e2fsprogs qemu-utils");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed(Msg.get(LauncherText.TOOL_INTERRUPTED, purpose), null, e);
        }
        if (!r.ok() && (r.stdout() + r.stderr()).contains("No space left on device")) {
            // A full filesystem is the user's to fix, not a failed lab: exit 2 with where and how. The file being
            // written is the last argument of every call here.
            Path dir = NewVmFolder.shownFolder(Path.of(argv.get(argv.size() - 1)).toAbsolutePath().getParent());
            throw new LabsException(Msg.get(VmText.TOOL_DISK_FULL, purpose, dir), r.tail(3),
                    Msg.get(VmText.FREE_SPACE_FIX, dir));
        }
        if (!r.ok()) {
            throw LabsException.failed(Msg.get(LauncherText.TOOL_EXITED, purpose, String.join(" ", argv), r.exitCode()),
                    r.tail(5), null);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover .part file is harmless and named as unfinished
        }
    }
}
