package labs.cpuinfo.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * /dev/kvm: present as the character device 10:232, its mode, owner and group, and whether this process can open
 * it read-write (an actual open). Distinguishes "not in group kvm" from "added to kvm but not logged in again".
 */
public final class DevKvmCheck implements Check {
    private static final String USERMOD = "sudo usermod -aG kvm $USER, then log out and in again";
    private final DeviceOpener opener;
    private final String user;

    public DevKvmCheck(DeviceOpener opener, String user) {
        this.opener = opener;
        this.user = user;
    }

    @Override
    public List<Finding> run(Host host, Facts.Builder facts) {
        List<Finding> out = new ArrayList<>();
        if (!host.live()) {
            out.add(Finding.of(Status.SKIP, "dev-kvm", "/dev/kvm not checked: a dump has no devices",
                    "whether /dev/kvm opens can only be tried on the machine itself",
                    "run labs run vt-check on that machine"));
            return out;
        }
        Path dev = host.path("/dev/kvm");
        if (!Files.exists(dev, LinkOption.NOFOLLOW_LINKS) && !Files.exists(dev)) {
            facts.devKvmExists = false;
            facts.devKvmOpens = false;
            String module = facts.kvmVendorModule;
            String why = host.exists("/.dockerenv") || host.exists("/run/.containerenv")
                    ? "inside a container /dev/kvm appears only when passed in"
                    : module == null ? "no KVM module is loaded" : module + " is loaded but udev made no node";
            String fix = why.startsWith("inside") ? "docker run --device /dev/kvm ..."
                    : module == null ? "sudo modprobe kvm_intel   (AMD: sudo modprobe kvm_amd)"
                    : "sudo mknod /dev/kvm c 10 232 && sudo chgrp kvm /dev/kvm && sudo chmod 660 /dev/kvm";
            out.add(Finding.of(Status.FAIL, "dev-kvm", "/dev/kvm does not exist", why, fix));
            return out;
        }
        facts.devKvmExists = true;
        out.add(node(dev));
        DeviceOpener.Refusal r = opener.tryOpenReadWrite(dev);
        if (r == null) {
            facts.devKvmOpens = true;
            out.add(Finding.pass("dev-kvm.open", "this user (" + user + ") opens /dev/kvm read-write"));
            return out;
        }
        facts.devKvmOpens = false;
        if (r.kind() == DeviceOpener.Refusal.Kind.ACCESS_DENIED) {
            out.add(accessDenied(host, dev, r));
        } else {
            out.add(Finding.of(Status.FAIL, "dev-kvm.open", "opening /dev/kvm read-write failed: " + r.message(),
                    "the device exists but the kernel refused the open", "check the kernel log: sudo dmesg | grep -i kvm"));
        }
        return out;
    }

    private Finding accessDenied(Host host, Path dev, DeviceOpener.Refusal r) {
        String title = "this user (" + user + ") cannot open /dev/kvm read-write: " + r.message();
        String kvmGroup = groupLine(host, "kvm");
        if (kvmGroup == null) {
            return Finding.of(Status.FAIL, "dev-kvm.open", title, "there is no group kvm on this machine, and "
                    + "/dev/kvm is " + modeText(dev) + "; the chgrp and chmod below last until the next boot (where"
                    + " udev runs, its default rule gives /dev/kvm to group kvm at every boot once the group exists)",
                    "sudo groupadd -r kvm && sudo chgrp kvm /dev/kvm && sudo chmod "
                    + "660 /dev/kvm && " + USERMOD);
        }
        String[] f = kvmGroup.split(":", -1);
        String gid = f.length > 2 ? f[2] : "";
        List<String> members = f.length > 3 && !f[3].isBlank() ? Arrays.asList(f[3].split(",")) : List.of();
        List<String> procGroups = processGroups(host);
        if (members.contains(user) && !procGroups.contains(gid)) {
            return Finding.of(Status.FAIL, "dev-kvm.open", title, user + " is in group kvm in /etc/group, but this "
                    + "login session started before that (its groups: " + procGroups + ")",
                    "log out and in again (or run `newgrp kvm` in this terminal); `sudo usermod -aG kvm $USER` is "
                            + "already done");
        }
        if (procGroups.contains(gid)) {
            return Finding.of(Status.FAIL, "dev-kvm.open", title, "this process is in group kvm, but /dev/kvm is "
                    + modeText(dev) + " (not group read-write for kvm)",
                    "sudo chgrp kvm /dev/kvm && sudo chmod 660 /dev/kvm   (udev's 50-udev-default.rules does this"
                            + " at boot)");
        }
        return Finding.of(Status.FAIL, "dev-kvm.open", title, user + " is not in group kvm, and /dev/kvm is "
                + modeText(dev), USERMOD);
    }

    private static Finding node(Path dev) {
        try {
            Map<String, Object> a = Files.readAttributes(dev, "unix:mode,rdev,uid,gid,owner,group");
            int mode = (Integer) a.get("mode");
            long rdev = (Long) a.get("rdev");
            long major = ((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >> 12) & ~0xffL);
            boolean chr = (mode & 0170000) == 0020000;
            String text = modeText(dev);
            if (!chr || major != 10 || minor != 232) {
                return Finding.of(Status.WARN, "dev-kvm.node", "/dev/kvm is " + text + (chr ? ", char " + major
                        + ":" + minor : ", not a character device"), "the KVM device is char 10:232: something "
                        + "else sits at /dev/kvm", "sudo rm /dev/kvm && sudo modprobe -r kvm_intel && sudo modprobe "
                        + "kvm_intel   (udev recreates it)");
            }
            return Finding.pass("dev-kvm.node", "/dev/kvm is char 10:232, " + text);
        } catch (IOException | RuntimeException e) {
            return Finding.of(Status.WARN, "dev-kvm.node", "cannot read /dev/kvm's attributes: " + e.getMessage(),
                    "stat failed", "ls -l /dev/kvm");
        }
    }

    private static String modeText(Path dev) {
        try {
            Map<String, Object> a = Files.readAttributes(dev, "posix:permissions,owner,group");
            @SuppressWarnings("unchecked")
            var perms = (java.util.Set<java.nio.file.attribute.PosixFilePermission>) a.get("permissions");
            return PosixFilePermissions.toString(perms) + " owner " + a.get("owner") + " group " + a.get("group");
        } catch (IOException | RuntimeException e) {
            return "(mode unreadable)";
        }
    }

    private static String groupLine(Host host, String name) {
        for (String line : host.read("/etc/group").split("\n")) {
            if (line.startsWith(name + ":")) {
                return line;
            }
        }
        return null;
    }

    /** The process's supplementary groups (gids) from /proc/self/status, which is what the kernel checks. */
    private static List<String> processGroups(Host host) {
        for (String line : host.read("/proc/self/status").split("\n")) {
            if (line.startsWith("Groups:")) {
                String g = line.substring(7).strip();
                return g.isEmpty() ? List.of() : Arrays.asList(g.split("\\s+"));
            }
        }
        return List.of();
    }
}
