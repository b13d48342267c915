package labs.launcher.vm;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import labs.launcher.AccelChoice;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;

/** Sample definitions for unit tests (paths need not exist: nothing boots). */
final class Defs {
    private Defs() {}

    static VmDefinition sample(String name, Path disk) {
        ImageRef img = new ImageRef(Path.of("/cache/labs/guest/abc/vmlinux"), Path.of("/cache/labs/guest/abc/initrd.cpio"),
                Path.of("/cache/labs/guest/abc/root.ext4"), "6.1.0-56-amd64", "apt-get download linux-image-6.1.0-56-amd64",
                "console=ttyS0 quiet labs.agent=1 <&>\"'", "microvm");
        return new VmDefinition(name, UUID.randomUUID(), 2, List.of(0, 1), 512,
                VmDisk.standalone(disk, DiskFormat.QCOW2, 64, CacheMode.NONE), null, img, AccelChoice.AUTO, false,
                "2026-01-01T00:00:00Z");
    }
}
