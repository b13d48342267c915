package labs.common;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Debian/Ubuntu package a lab needs, with one file whose presence proves it is installed (cheaper and more
 * honest than asking dpkg: a binary copied by hand counts too).
 */
public record DebianPackage(String name, String proof) {
    public static final DebianPackage QEMU = new DebianPackage("qemu-system-x86", "/usr/bin/qemu-system-x86_64");
    public static final DebianPackage QEMU_UTILS = new DebianPackage("qemu-utils", "/usr/bin/qemu-img");
    public static final DebianPackage FIO = new DebianPackage("fio", "/usr/bin/fio");
    public static final DebianPackage SYSSTAT = new DebianPackage("sysstat", "/usr/bin/mpstat");
    public static final DebianPackage BUSYBOX = new DebianPackage("busybox-static", "/bin/busybox");
    public static final DebianPackage E2FSPROGS = new DebianPackage("e2fsprogs", "/sbin/mke2fs");
    public static final DebianPackage SQUASHFS_TOOLS = new DebianPackage("squashfs-tools", "/usr/bin/mksquashfs");
    public static final DebianPackage JAPANESE_FONT =
            new DebianPackage("fonts-ipafont-gothic", "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf");

    public boolean installed() {
        return Files.exists(Path.of(proof));
    }
}
