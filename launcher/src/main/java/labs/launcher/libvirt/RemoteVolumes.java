package labs.launcher.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import labs.common.ExecResult;
import labs.common.LabsException;
import labs.launcher.guest.GuestImage;

/**
 * A VM's files on a remote libvirt host, made through libvirt itself (no file copy outside the URI): every file is a
 * volume of labs' pool there, uploaded with `virsh vol-upload --sparse`. The guest image is uploaded once per image
 * (volumes base-KEY-vmlinux, -initrd.img, -root.squashfs, then the marker base-KEY.done); a VM's disks are made here
 * and uploaded under their names ({@code vol-create-as} fails when a name is taken: two VMs never get one volume).
 */
final class RemoteVolumes {
    private final Virsh virsh;

    RemoteVolumes(Virsh virsh) { this.virsh = virsh; }

    LibvirtStorage.Base stage(GuestImage img) {
        String key = "base-" + img.cacheDir().getFileName();
        String[][] parts = {{key + "-vmlinux", img.kernel().toString()}, {key + "-initrd.img", img.initrd().toString()},
            {key + "-root.squashfs", img.rootDisk().toString()}};
        if (!virsh.tryRun("vol-info", "--pool", LibvirtUri.POOL, key + ".done").ok()) {
            for (String[] part : parts) {
                virsh.tryRun("vol-delete", "--pool", LibvirtUri.POOL, part[0]);   // a half-made upload before
                upload(Path.of(part[1]), part[0]);
            }
            ExecResult done = virsh.tryRun("vol-create-as", LibvirtUri.POOL, key + ".done", "1");
            if (!done.ok() && !virsh.tryRun("vol-info", "--pool", LibvirtUri.POOL, key + ".done").ok()) {
                throw LabsException.failed(virsh.commandLine("vol-create-as", LibvirtUri.POOL, key + ".done", "1")
                        + " failed", Virsh.errorText(done), null);
            }
        }
        return new LibvirtStorage.Base(path(parts[0][0]), path(parts[1][0]), path(parts[2][0]));
    }

    /** A new volume with local's bytes (holes kept): exit 2 if the name is taken there. */
    Path upload(Path local, String name) {
        long size;
        try {
            size = Files.size(local);
        } catch (IOException e) {
            throw LabsException.failed("cannot read " + local, e.toString(), e);
        }
        ExecResult made = virsh.tryRun("vol-create-as", LibvirtUri.POOL, name, Long.toString(Math.max(size, 1)));
        if (!made.ok()) {
            if (virsh.tryRun("vol-info", "--pool", LibvirtUri.POOL, name).ok()) {
                throw LabsException.usage("the volume " + name + " already exists in libvirt's pool " + LibvirtUri.POOL
                        + " at " + virsh.uri().text(), "choose another name, or remove that volume if nothing uses "
                        + "it: " + virsh.commandLine("vol-delete", "--pool", LibvirtUri.POOL, name));
            }
            throw LabsException.failed(virsh.commandLine("vol-create-as", LibvirtUri.POOL, name) + " failed",
                    Virsh.errorText(made), null);
        }
        ExecResult up = virsh.tryRun("vol-upload", "--pool", LibvirtUri.POOL, "--sparse", name, local.toString());
        if (!up.ok()) {
            virsh.tryRun("vol-delete", "--pool", LibvirtUri.POOL, name);
            throw LabsException.failed(virsh.commandLine("vol-upload", "--pool", LibvirtUri.POOL, name,
                    local.toString()) + " failed", Virsh.errorText(up), null);
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
