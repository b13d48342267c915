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
    /** virsh: how `labs vm --connect` talks to libvirt. */
    public static final DebianPackage LIBVIRT_CLIENTS = new DebianPackage("libvirt-clients", "/usr/bin/virsh");
    public static final DebianPackage FIO = new DebianPackage("fio", "/usr/bin/fio");
    public static final DebianPackage SYSSTAT = new DebianPackage("sysstat", "/usr/bin/mpstat");
    public static final DebianPackage BUSYBOX = new DebianPackage("busybox-static", "/bin/busybox");
    public static final DebianPackage E2FSPROGS = new DebianPackage("e2fsprogs", "/sbin/mke2fs");
    public static final DebianPackage SQUASHFS_TOOLS = new DebianPackage("squashfs-tools", "/usr/bin/mksquashfs");
    /**
     * Java2D's font libraries, which the charts need: Debian 13's openjdk-21-jre-headless only recommends them
     * (Debian 12's openjdk-17 depends on them), so a JDK installed without recommends cannot draw text
     * ("libharfbuzz.so.0: cannot open shared object file"). libfontconfig1 brings libfreetype6 and a font.
     */
    public static final DebianPackage FONTCONFIG =
            new DebianPackage("libfontconfig1", "/usr/lib/x86_64-linux-gnu/libfontconfig.so.1");
    public static final DebianPackage HARFBUZZ =
            new DebianPackage("libharfbuzz0b", "/usr/lib/x86_64-linux-gnu/libharfbuzz.so.0");
    public static final DebianPackage JAPANESE_FONT =
            new DebianPackage("fonts-ipafont-gothic", "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf");

    public boolean installed() {
        return Files.exists(Path.of(proof));
    }
}
