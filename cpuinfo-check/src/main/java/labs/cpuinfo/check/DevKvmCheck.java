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
import labs.common.i18n.Msg;

import static labs.common.i18n.CheckText.*;

/**
 * /dev/kvm: present as the character device 10:232, its mode, owner and group, and whether this process can open
 * it read-write (an actual open). Distinguishes "not in group kvm" from "added to kvm but not logged in again".
 */
public final class DevKvmCheck implements Check {
    private static final String USERMOD_CMD = "sudo usermod -aG kvm $USER";
    private static final String GROUP_AND_MODE = "sudo chgrp kvm /dev/kvm && sudo chmod 660 /dev/kvm";
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
            out.add(Finding.of(Status.SKIP, "dev-kvm", Msg.get(DEV_KVM_DUMP), Msg.get(DEV_KVM_DUMP_WHY),
                    Msg.get(RUN_THERE, "labs run vt-check")));
            return out;
        }
        Path dev = host.path("/dev/kvm");
        if (!Files.exists(dev, LinkOption.NOFOLLOW_LINKS) && !Files.exists(dev)) {
            facts.devKvmExists = false;
            facts.devKvmOpens = false;
            String module = facts.kvmVendorModule;
            boolean container = host.exists("/.dockerenv") || host.exists("/run/.containerenv");
            String why = container ? Msg.get(DEV_KVM_CONTAINER)
                    : module == null ? Msg.get(DEV_KVM_NO_MODULE) : Msg.get(DEV_KVM_NO_NODE, module);
            String fix = container ? "docker run --device /dev/kvm ..."
                    : module == null ? Msg.get(DEV_KVM_FIX_MODULE, "sudo modprobe kvm_intel", "sudo modprobe kvm_amd")
                    : "sudo mknod /dev/kvm c 10 232 && " + GROUP_AND_MODE;
            out.add(Finding.of(Status.FAIL, "dev-kvm", Msg.get(DEV_KVM_MISSING), why, fix));
            return out;
        }
        facts.devKvmExists = true;
        out.add(node(dev));
        DeviceOpener.Refusal r = opener.tryOpenReadWrite(dev);
        if (r == null) {
            facts.devKvmOpens = true;
            out.add(Finding.pass("dev-kvm.open", Msg.get(DEV_KVM_OPENS, user)));
            return out;
        }
        facts.devKvmOpens = false;
        if (r.kind() == DeviceOpener.Refusal.Kind.ACCESS_DENIED) {
            out.add(accessDenied(host, dev, r));
        } else {
            out.add(Finding.of(Status.FAIL, "dev-kvm.open", Msg.get(DEV_KVM_OPEN_FAILED, r.message()),
                    Msg.get(DEV_KVM_OPEN_FAILED_WHY), Msg.get(KERNEL_LOG_FIX, "sudo dmesg | grep -i kvm")));
        }
        return out;
    }

    private Finding accessDenied(Host host, Path dev, DeviceOpener.Refusal r) {
        String title = Msg.get(DEV_KVM_DENIED, user, r.message());
        String kvmGroup = groupLine(host, "kvm");
        if (kvmGroup == null) {
            return Finding.of(Status.FAIL, "dev-kvm.open", title, Msg.get(DEV_KVM_NO_GROUP_WHY, modeText(dev)),
                    Msg.get(USERMOD, "sudo groupadd -r kvm && " + GROUP_AND_MODE + " && " + USERMOD_CMD));
        }
        String[] f = kvmGroup.split(":", -1);
        String gid = f.length > 2 ? f[2] : "";
        List<String> members = f.length > 3 && !f[3].isBlank() ? Arrays.asList(f[3].split(",")) : List.of();
        List<String> procGroups = processGroups(host);
        if (members.contains(user) && !procGroups.contains(gid)) {
            return Finding.of(Status.FAIL, "dev-kvm.open", title, Msg.get(DEV_KVM_RELOGIN_WHY, user, procGroups),
                    Msg.get(DEV_KVM_RELOGIN_FIX, "`newgrp kvm`", "`" + USERMOD_CMD + "`"));
        }
        if (procGroups.contains(gid)) {
            return Finding.of(Status.FAIL, "dev-kvm.open", title, Msg.get(DEV_KVM_MODE_WHY, modeText(dev)),
                    Msg.get(DEV_KVM_MODE_FIX, GROUP_AND_MODE));
        }
        return Finding.of(Status.FAIL, "dev-kvm.open", title, Msg.get(DEV_KVM_NOT_MEMBER_WHY, user, modeText(dev)),
                Msg.get(USERMOD, USERMOD_CMD));
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
                return Finding.of(Status.WARN, "dev-kvm.node", chr ? Msg.get(DEV_KVM_NODE_ODD, text, major, minor)
                        : Msg.get(DEV_KVM_NODE_NOT_CHAR, text), Msg.get(DEV_KVM_NODE_WHY), Msg.get(DEV_KVM_NODE_FIX,
                        "sudo rm /dev/kvm && sudo modprobe -r kvm_intel && sudo modprobe kvm_intel"));
            }
            return Finding.pass("dev-kvm.node", Msg.get(DEV_KVM_NODE, text));
        } catch (IOException | RuntimeException e) {
            return Finding.of(Status.WARN, "dev-kvm.node", Msg.get(DEV_KVM_STAT, e.getMessage()),
                    Msg.get(DEV_KVM_STAT_WHY), "ls -l /dev/kvm");
        }
    }

    private static String modeText(Path dev) {
        try {
            Map<String, Object> a = Files.readAttributes(dev, "posix:permissions,owner,group");
            @SuppressWarnings("unchecked")
            var perms = (java.util.Set<java.nio.file.attribute.PosixFilePermission>) a.get("permissions");
            return Msg.get(DEV_KVM_MODE, PosixFilePermissions.toString(perms), a.get("owner"), a.get("group"));
        } catch (IOException | RuntimeException e) {
            return Msg.get(DEV_KVM_MODE_UNREADABLE);
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
