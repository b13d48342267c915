package labs.lab;

import java.util.ArrayList;
import java.util.List;
import labs.charts.Lang;
import labs.common.DebianPackage;
import labs.launcher.guest.AmdVImageBuilder;
import labs.launcher.guest.GuestImageBuilder;

/**
 * The Debian packages each command needs, in one place. A command checks them with Packages.ensure (asking before it installs, or --yes)
 * before it calls the launcher, which never asks: it only stops with the install command if one is missing.
 */
public final class Needs {
    private Needs() {}

    /** qemu-img and mke2fs make the data disk; the guest image is built from the host's packages. */
    public static final List<DebianPackage> VM_CREATE = join(List.of(DebianPackage.QEMU, DebianPackage.QEMU_UTILS,
            DebianPackage.E2FSPROGS), GuestImageBuilder.PACKAGES);
    /** qemu itself, and the guest image, checked (and rebuilt if the host's packages changed) at every start. */
    public static final List<DebianPackage> VM_START = join(List.of(DebianPackage.QEMU), GuestImageBuilder.PACKAGES);
    /**
     * The emulated AMD-V machine (--amd-v-machine): qemu runs it, busybox is its init, mke2fs makes its scratch disk.
     * What the lab inside needs is the lab's own business there (the host's packages, shared read-only).
     */
    public static final List<DebianPackage> AMDV_MACHINE = join(AmdVImageBuilder.PACKAGES,
            List.of(DebianPackage.E2FSPROGS));
    /** qemu-img makes the clone's disk (a linked overlay or a full copy). */
    public static final List<DebianPackage> VM_CLONE = List.of(DebianPackage.QEMU_UTILS);
    /** `labs vm --connect`: virsh talks to libvirt. */
    public static final List<DebianPackage> VM_LIBVIRT = List.of(DebianPackage.LIBVIRT_CLIENTS);

    /**
     * A lab that boots the guest and measures with fio and sysstat on both sides (the guest image copies the host's
     * fio and sysstat) and Java2D's font libraries for the charts, plus the Japanese font when the charts are in
     * Japanese.
     */
    public static List<DebianPackage> guestLab(Lang language) {
        List<DebianPackage> needed = new ArrayList<>(join(VM_CREATE, List.of(DebianPackage.FONTCONFIG,
                DebianPackage.HARFBUZZ)));
        if (language == Lang.JA) {
            needed.add(DebianPackage.JAPANESE_FONT);
        }
        return List.copyOf(needed);
    }

    /** A lab with --connect: its guest image is built here as for any lab, and virsh drives libvirt. */
    public static List<DebianPackage> libvirtLab(Lang language) {
        return join(guestLab(language), VM_LIBVIRT);
    }

    /** The parts in order, each package once (the install prompt names them in this order). */
    @SafeVarargs
    private static List<DebianPackage> join(List<DebianPackage>... parts) {
        List<DebianPackage> all = new ArrayList<>();
        for (List<DebianPackage> part : parts) {
            part.stream().filter(p -> !all.contains(p)).forEach(all::add);
        }
        return List.copyOf(all);
    }
}
