package labs.launcher.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import labs.common.ExecResult;
import labs.common.LabsException;
import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;
import labs.launcher.guest.GuestImage;

/**
 * A VM's files on a remote libvirt host, made through libvirt itself (no file copy outside the URI): every file is a
 * volume of labs' pool there, uploaded with `virsh vol-upload --sparse`. The guest image is uploaded once per image
 * (volumes base-KEY-vmlinux, -initrd.img, -root.squashfs, then the mark base-KEY.done; see {@link #stage}); a VM's
 * disks are made here and uploaded under their names ({@code vol-create-as} fails when a name is taken: two VMs never get one volume).
 */
final class RemoteVolumes {
    private final Virsh virsh;

    RemoteVolumes(Virsh virsh) { this.virsh = virsh; }

    /** How long a labs waits for another one's first upload of the same image to the same host. */
    static final java.time.Duration UPLOAD_WAIT = java.time.Duration.ofMinutes(10);

    /**
     * The guest image's three files as volumes there, uploaded by the first labs that needs them: it takes the
     * volume base-KEY.lock (vol-create-as fails when it exists: one labs at a time), uploads, marks them done with
     * base-KEY.done and drops the lock; any other labs waits for the mark.
     */
    LibvirtStorage.Base stage(GuestImage img) {
        String key = "base-" + img.cacheDir().getFileName();
        String[][] parts = {{key + "-vmlinux", img.kernel().toString()}, {key + "-initrd.img", img.initrd().toString()},
            {key + "-root.squashfs", img.rootDisk().toString()}};
        long deadline = System.nanoTime() + UPLOAD_WAIT.toNanos();
        while (!exists(key + ".done")) {
            if (virsh.tryRun("vol-create-as", LibvirtUri.POOL, key + ".lock", "1").ok()) {
                try {
                    upload(key, parts);
                } finally {
                    virsh.tryRun("vol-delete", "--pool", LibvirtUri.POOL, key + ".lock");
                }
            } else if (System.nanoTime() > deadline) {
                throw LabsException.failed(Msg.get(LauncherText.UPLOAD_WAITED, virsh.uri().text(), UPLOAD_WAIT.toMinutes()),
                        Msg.get(LauncherText.UPLOAD_WAITED_FIX,
                                virsh.commandLine("vol-delete", "--pool", LibvirtUri.POOL, key + ".lock")), null);
            } else {
                pause();
            }
        }
        return new LibvirtStorage.Base(path(parts[0][0]), path(parts[1][0]), path(parts[2][0]));
    }

    private void upload(String key, String[][] parts) {
        for (String[] part : parts) {
            virsh.tryRun("vol-delete", "--pool", LibvirtUri.POOL, part[0]);   // a half-made upload before
            upload(Path.of(part[1]), part[0]);
        }
        ExecResult done = virsh.tryRun("vol-create-as", LibvirtUri.POOL, key + ".done", "1");
        if (!done.ok() && !exists(key + ".done")) {
            throw LabsException.failed(Msg.get(LauncherText.COMMAND_FAILED,
                    virsh.commandLine("vol-create-as", LibvirtUri.POOL, key + ".done", "1")), Virsh.errorText(done),
                    null);
        }
    }

    private boolean exists(String volume) {
        return virsh.tryRun("vol-info", "--pool", LibvirtUri.POOL, volume).ok();
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed(Msg.get(LauncherText.UPLOAD_INTERRUPTED), null, e);
        }
    }

    /** A new volume with local's bytes (holes kept): exit 2 if the name is taken there. */
    Path upload(Path local, String name) {
        long size;
        try {
            size = Files.size(local);
        } catch (IOException e) {
            throw LabsException.failed(Msg.get(LauncherText.CANNOT_READ, local), e.toString(), e);
        }
        ExecResult made = virsh.tryRun("vol-create-as", LibvirtUri.POOL, name, Long.toString(Math.max(size, 1)));
        if (!made.ok()) {
            if (exists(name)) {
                throw LabsException.usage(Msg.get(LauncherText.VOL_EXISTS_AT, name, LibvirtUri.POOL, virsh.uri().text()),
                        Msg.get(LauncherText.VOL_EXISTS_FIX,
                                virsh.commandLine("vol-delete", "--pool", LibvirtUri.POOL, name)));
            }
            throw LabsException.failed(Msg.get(LauncherText.COMMAND_FAILED,
                    virsh.commandLine("vol-create-as", LibvirtUri.POOL, name)), Virsh.errorText(made), null);
        }
        ExecResult up = virsh.tryRun("vol-upload", "--pool", LibvirtUri.POOL, "--sparse", name, local.toString());
        if (!up.ok()) {
            virsh.tryRun("vol-delete", "--pool", LibvirtUri.POOL, name);
            throw LabsException.failed(Msg.get(LauncherText.COMMAND_FAILED, virsh.commandLine("vol-upload", "--pool",
                    LibvirtUri.POOL, name, local.toString())), Virsh.errorText(up), null);
        }
        return path(name);
    }

    /** Deletes the volumes; never throws; returns the ones still there. */
    List<Path> remove(List<Path> volumes) {
        return volumes.stream().filter(v -> {
            try {
                ExecResult r = virsh.tryRun("vol-delete", v.toString());   // a volume's path is its key
                return !r.ok() && virsh.tryRun("vol-info", v.toString()).ok();
            } catch (RuntimeException unreachable) {
                return true;
            }
        }).toList();
    }

    private Path path(String name) {
        return Path.of(virsh.run("vol-path", "--pool", LibvirtUri.POOL, name).strip());
    }
}
