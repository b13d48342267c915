package labs.launcher.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.Progress;

/**
 * Whether the system daemon's QEMU user can open /dev/kvm. When it cannot (a /dev/kvm left group root 0600 on a
 * machine without udev, or given the group id of another system's kvm by a package script in a chroot), libvirt finds
 * KVM gone and probes QEMU's capabilities again on every call: each virsh command then takes 5 to 45 s (measured
 * here), labs' commands seem to hang, and the VMs cannot use KVM. libvirt says nothing of it outside its debug log,
 * so labs says it, with the fix.
 *
 * <p>The user is Debian's default for qemu:///system (libvirt-qemu, a member of group kvm); a qemu.conf that names
 * another is readable by root only, so a machine without that user is not judged.
 */
final class QemuUserKvm {
    static final String USER = "libvirt-qemu";
    private static final Path KVM = Path.of("/dev/kvm");

    /** /dev/kvm's owner, group and permission bits. */
    record Device(int uid, int gid, int mode) {
        boolean opensFor(int userId, Set<Integer> groups) {
            if (userId == 0) {
                return true;
            }
            int bits = userId == uid ? mode >> 6 : groups.contains(gid) ? mode >> 3 : mode;
            return (bits & 06) == 06;
        }

        String text() {
            return uid + ":" + gid + " " + String.format("%04o", mode & 07777);
        }
    }

    private QemuUserKvm() {}

    /** Warns (with the fix) when a qemu:///system connection's QEMU user cannot open /dev/kvm. */
    static void warnIfBlocked(LibvirtUri uri, Progress out) {
        if (!uri.system() || !Files.exists(KVM)) {
            return;
        }
        try {
            Device dev = new Device((Integer) Files.getAttribute(KVM, "unix:uid"),
                    (Integer) Files.getAttribute(KVM, "unix:gid"), (Integer) Files.getAttribute(KVM, "unix:mode"));
            warning(dev, id("-u"), id("-G")).ifPresent(w -> out.warn("%s", w));
        } catch (IOException | RuntimeException e) {
            // a check that cannot be made is skipped: it only explains slowness, it never decides anything
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The warning for this device and the QEMU user's uid and groups (empty when the user does not exist). */
    static Optional<String> warning(Device dev, Optional<String> uid, Optional<String> groups) {
        if (uid.isEmpty() || groups.isEmpty()) {
            return Optional.empty();
        }
        Set<Integer> gids = Arrays.stream(groups.get().strip().split("\\s+")).map(Integer::valueOf)
                .collect(Collectors.toSet());
        if (dev.opensFor(Integer.parseInt(uid.get().strip()), gids)) {
            return Optional.empty();
        }
        return Optional.of("libvirt's QEMU user (" + USER + ") cannot open /dev/kvm (owner:group mode "
                + dev.text() + "): libvirt then checks QEMU again on every call (each virsh command takes seconds to "
                + "a minute) and its VMs cannot use KVM; fix: sudo chgrp kvm /dev/kvm && sudo chmod 0660 /dev/kvm");
    }

    private static Optional<String> id(String flag) throws IOException, InterruptedException {
        ExecResult r = HostRunner.INSTANCE.exec(List.of("id", flag, USER), Duration.ofSeconds(10));
        return r.ok() ? Optional.of(r.stdout()) : Optional.empty();
    }
}
