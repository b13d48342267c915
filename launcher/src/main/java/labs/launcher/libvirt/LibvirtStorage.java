package labs.launcher.libvirt;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import labs.common.LabsException;
import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;
import labs.launcher.DiskFormat;
import labs.launcher.guest.GuestImage;
import org.w3c.dom.Element;

/**
 * A VM's files on the libvirt host (this machine): the guest image copied once where libvirt's QEMU can read it,
 * and each VM's disks as volumes of the storage pool {@value LibvirtUri#POOL}, so that `virsh vol-list labs` shows
 * them and `virsh undefine --remove-all-storage` removes them. A disk is made in a private folder beside the pool and
 * linked into it only when whole (a link fails if the name is taken: two VMs can never get one file), then the pool
 * is refreshed so libvirt knows it.
 */
final class LibvirtStorage {
    private final Virsh virsh;
    private final Path poolDir;
    private final Path baseDir;
    private final Path workDir;
    /** The remote host's volumes, or null when the files are on this machine. */
    private final RemoteVolumes remote;

    LibvirtStorage(Virsh virsh) {
        this.virsh = virsh;
        this.remote = virsh.uri().remote() ? new RemoteVolumes(virsh) : null;
        this.poolDir = virsh.uri().poolDir();
        this.baseDir = virsh.uri().baseDir();
        // a remote host's volumes are made in a private folder of this machine's temp dir, then uploaded
        this.workDir = remote != null ? Path.of(System.getProperty("java.io.tmpdir")) : baseDir.resolveSibling("work");
    }

    /** The guest image as libvirt's QEMU reads it: the cached one, copied once into a folder of its own. */
    record Base(Path kernel, Path initrd, Path rootDisk) {}

    /** The pool, defined, built, started and autostarted the first time (and started again if it is stopped). */
    void ensurePool() {
        if (!virsh.tryRun("pool-info", LibvirtUri.POOL).ok()) {
            var defined = virsh.tryRun("pool-define-as", LibvirtUri.POOL, "dir", "--target", poolDir.toString());
            if (!defined.ok() && !virsh.tryRun("pool-info", LibvirtUri.POOL).ok()) {   // not another labs' define
                throw LabsException.failed(Msg.get(LauncherText.POOL_CANNOT_DEFINE, LibvirtUri.POOL),
                        Virsh.errorText(defined), null);
            }
            virsh.tryRun("pool-autostart", LibvirtUri.POOL);
        }
        refuseElsewhere(virsh.run("pool-dumpxml", LibvirtUri.POOL));
        if (virsh.run("pool-info", LibvirtUri.POOL).matches("(?s).*State:\\s+running.*")) {
            return;
        }
        virsh.tryRun("pool-build", LibvirtUri.POOL);   // makes its folder; fails harmlessly when it exists
        var started = virsh.tryRun("pool-start", LibvirtUri.POOL);
        if (!started.ok() && !virsh.run("pool-info", LibvirtUri.POOL).matches("(?s).*State:\\s+running.*")) {
            throw new LabsException(Msg.get(LauncherText.POOL_CANNOT_START, LibvirtUri.POOL, poolDir),
                    Virsh.errorText(started), Msg.get(LauncherText.POOL_CANNOT_START_FIX, poolDir,
                    virsh.commandLine("pool-start", LibvirtUri.POOL)));
        }
    }

    /**
     * Exit 2 when a pool of labs' name lives in another folder (someone's own pool "labs"): labs' volumes would be in
     * no pool at all, so libvirt would neither list nor remove them.
     */
    void refuseElsewhere(String poolXml) {
        Element target = LibvirtDomainXml.first(LibvirtDomainXml.parse(poolXml).getDocumentElement(),
                "target");
        Element path = target == null ? null : LibvirtDomainXml.first(target, "path");
        String at = path == null ? "" : path.getTextContent().strip();
        if (!Path.of(at.isEmpty() ? "/" : at).normalize().equals(poolDir.normalize())) {
            throw LabsException.usage(at.isEmpty() ? Msg.get(LauncherText.POOL_NOT_FOLDER, LibvirtUri.POOL, poolDir)
                    : Msg.get(LauncherText.POOL_ELSEWHERE, LibvirtUri.POOL, at, poolDir),
                    Msg.get(LauncherText.POOL_ELSEWHERE_FIX, virsh.commandLine("pool-dumpxml", LibvirtUri.POOL)));
        }
    }

    /** Copies the image's three files to baseDir/KEY (all or nothing: made aside, then renamed into place). */
    Base stage(GuestImage img) {
        if (remote != null) {
            return remote.stage(img);
        }
        Path dir = baseDir.resolve(img.cacheDir().getFileName().toString());
        Base base = new Base(dir.resolve("vmlinux"), dir.resolve("initrd.img"), dir.resolve("root.squashfs"));
        if (Files.isDirectory(dir)) {
            return base;
        }
        Path tmp = null;
        try {
            makeReadableDirs(baseDir);
            makeReadableDirs(workDir);
            tmp = Files.createTempDirectory(workDir, "base-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            for (Path[] pair : new Path[][] {{img.kernel(), tmp.resolve("vmlinux")},
                    {img.initrd(), tmp.resolve("initrd.img")}, {img.rootDisk(), tmp.resolve("root.squashfs")}}) {
                Files.copy(pair[0], pair[1]);
                Files.setPosixFilePermissions(pair[1], PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
            // another labs staged the same image at the same moment: theirs is as good
        } catch (IOException e) {
            throw new LabsException(Msg.get(LauncherText.IMAGE_CANNOT_COPY, baseDir), e.toString(),
                    Msg.get(LauncherText.IMAGE_CANNOT_COPY_FIX, baseDir));
        } finally {
            deleteTree(tmp);
        }
        return base;
    }

    /** The pool path of a VM's volume. */
    Path volume(String name) { return poolDir.resolve(name); }

    /** The pool's folder: the only place labs deletes a VM's disks from. */
    Path poolDir() { return poolDir; }

    /**
     * The root overlay on base's root file system, made here: on a remote host base is not here to open, so the
     * overlay names it without opening it (qemu-img -u, with its size), as it lies there.
     */
    void overlay(Base base, GuestImage img, Path target) {
        if (remote == null) {
            labs.launcher.vm.DiskTool.linkedClone(base.rootDisk(), DiskFormat.RAW, target);
            return;
        }
        try {
            labs.common.ExecResult r = labs.common.HostRunner.INSTANCE.exec(List.of("qemu-img", "create", "-q", "-f",
                    "qcow2", "-F", "raw", "-u", "-b", base.rootDisk().toString(), target.toString(),
                    Long.toString(Files.size(img.rootDisk()))), java.time.Duration.ofMinutes(1));
            if (!r.ok()) {
                throw LabsException.failed(Msg.get(LauncherText.OVERLAY_QEMU_IMG, target), r.stderr(), null);
            }
        } catch (IOException e) {
            throw LabsException.failed(Msg.get(LauncherText.OVERLAY_CANNOT, target), e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed(Msg.get(LauncherText.INTERRUPTED), null, e);
        }
    }

    /** Makes a volume's file with make, in a private folder (nothing in the pool yet); {@link #discard} it after. */
    Path prepare(String volumeName, Consumer<Path> make) {
        try {
            makeReadableDirs(workDir);
            Path tmp = Files.createTempDirectory(workDir, "vol-");
            Path file = tmp.resolve(volumeName);
            try {
                make.accept(file);
            } catch (RuntimeException e) {
                deleteTree(tmp);
                throw e;
            }
            return file;
        } catch (IOException e) {
            throw new LabsException(Msg.get(LauncherText.VOL_CANNOT_MAKE, volumeName, workDir), e.toString(),
                    Msg.get(LauncherText.VOL_CANNOT_MAKE_FIX, workDir));
        }
    }

    /** Links a prepared file into the pool under its name: exit 2 if the name is taken (the link is the test). */
    Path link(Path prepared) {
        String volumeName = prepared.getFileName().toString();
        if (remote != null) {
            return remote.upload(prepared, volumeName);
        }
        Path target = volume(volumeName);
        try {
            Files.createLink(target, prepared);
            return target;
        } catch (FileAlreadyExistsException e) {
            throw LabsException.usage(Msg.get(LauncherText.VOL_EXISTS, volumeName, LibvirtUri.POOL, target),
                    Msg.get(LauncherText.VOL_EXISTS_FIX, virsh.commandLine("vol-delete", "--pool", LibvirtUri.POOL,
                            volumeName)));
        } catch (IOException e) {
            throw new LabsException(Msg.get(LauncherText.VOL_CANNOT_ADD, volumeName, poolDir), e.toString(),
                    Msg.get(LauncherText.VOL_CANNOT_ADD_FIX, poolDir));
        }
    }

    /** Removes a prepared file's private folder (linked or not: the pool's link keeps the data). */
    void discard(Path prepared) {
        deleteTree(prepared.getParent());
    }

    /** Tells libvirt about volumes added or removed behind its back. */
    void refresh() {
        virsh.run("pool-refresh", LibvirtUri.POOL);
    }

    /** Removes volumes this process made (a step after them failed); never throws, says what it could not remove. */
    List<Path> remove(List<Path> made) {
        if (remote != null) {
            return remote.remove(made);
        }
        List<Path> left = new ArrayList<>();
        for (Path p : made) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                left.add(p);
            }
        }
        try {
            virsh.tryRun("pool-refresh", LibvirtUri.POOL);
        } catch (RuntimeException unreachable) {
            // the files are gone; libvirt refreshes its pools when it starts again
        }
        return left;
    }

    static DiskFormat formatOf(Path volume) {
        return volume.getFileName().toString().endsWith(".raw") ? DiskFormat.RAW : DiskFormat.QCOW2;
    }

    /** Creates dir and its missing parents as 0755: libvirt's QEMU user must walk through them to its files. */
    private static void makeReadableDirs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a private temp folder left behind holds nothing a VM uses
        }
    }
}
