package labs.cpuinfo.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * What virt-host-validate checks for QEMU beyond KVM itself: /dev/net/tun and /dev/vhost-net (guest networking),
 * the cgroup controllers libvirt uses, and an IOMMU (device passthrough). None is needed by the labs' default
 * guests (no network, no passthrough), so a missing one is a NOTE, not a failure.
 */
public final class QemuHostCheck implements Check {
    /** virt-host-validate's list; cgroup v2 merges cpuacct into cpu, blkio became io, devices became eBPF. */
    private static final List<String> V1 = List.of("cpu", "cpuacct", "cpuset", "memory", "devices", "blkio");
    private static final List<String> V2 = List.of("cpu", "cpuset", "memory", "io");

    @Override
    public List<Finding> run(Host host, Facts.Builder facts) {
        List<Finding> out = new ArrayList<>();
        if (host.live()) {
            out.add(device(host, "/dev/net/tun", "tun", "tap networking for guests (-netdev tap)"));
            out.add(device(host, "/dev/vhost-net", "vhost_net", "in-kernel virtio-net (vhost=on), faster guest "
                    + "networking"));
        }
        if (!host.hasFiles()) {
            out.add(Finding.of(Status.SKIP, "host.cgroups+iommu", "cgroups and IOMMU not checked (cpuinfo only)",
                    "a lone cpuinfo file has no /sys", "give a sysroot with sys/ instead (--sysroot DIR)"));
            return out;
        }
        out.add(cgroups(host));
        out.add(iommu(host));
        return out;
    }

    private static Finding device(Host host, String dev, String module, String whatFor) {
        if (host.exists(dev)) {
            return Finding.pass("host." + module, dev + " present (" + whatFor + ")");
        }
        return Finding.of(Status.NOTE, "host." + module, dev + " missing", "needed only for " + whatFor
                + "; the labs' guests have no network unless asked", "sudo modprobe " + module);
    }

    private static Finding cgroups(Host host) {
        String v2 = host.read("/sys/fs/cgroup/cgroup.controllers");
        List<String> have = new ArrayList<>();
        List<String> want;
        String version;
        if (!v2.isEmpty()) {
            version = "cgroup v2";
            want = V2;
            have.addAll(Arrays.asList(v2.split("\\s+")));
        } else {
            version = "cgroup v1";
            want = V1;
            for (String line : host.read("/proc/cgroups").split("\n")) {
                String[] f = line.split("\\s+");
                // subsys_name hierarchy num_cgroups enabled: mounted when hierarchy != 0 and enabled
                if (f.length >= 4 && !line.startsWith("#") && !f[1].equals("0") && f[3].equals("1")) {
                    have.add(f[0]);
                }
            }
        }
        if (have.isEmpty()) {
            return Finding.of(Status.NOTE, "host.cgroups", "no cgroup controllers found",
                    "/sys/fs/cgroup is not mounted (or not in the dump); libvirt needs cgroups, plain QEMU does not",
                    "sudo mount -t cgroup2 none /sys/fs/cgroup");
        }
        List<String> missing = want.stream().filter(c -> !have.contains(c)).toList();
        if (missing.isEmpty()) {
            return Finding.pass("host.cgroups", version + " controllers " + String.join(" ", want) + " present");
        }
        return Finding.of(Status.NOTE, "host.cgroups", version + ": missing controllers " + missing,
                "libvirt uses them to limit guests; the labs run QEMU directly and do not need them",
                "enable them on the kernel command line (e.g. remove cgroup_disable=" + missing.get(0) + ")");
    }

    private static Finding iommu(Host host) {
        int units = count(host, "/sys/class/iommu");
        int groups = count(host, "/sys/kernel/iommu_groups");
        if (units > 0 || groups > 0) {
            return Finding.pass("host.iommu", "IOMMU active: " + units + " unit(s), " + groups + " group(s)");
        }
        return Finding.of(Status.NOTE, "host.iommu", "no IOMMU active (empty /sys/class/iommu, "
                        + "/sys/kernel/iommu_groups)", "an IOMMU is needed only to pass PCI devices to a guest (VFIO),"
                        + " which the labs do not do", "enable VT-d / AMD-Vi in the firmware and boot with "
                        + "intel_iommu=on iommu=pt (AMD: on by default)");
    }

    private static int count(Host host, String dir) {
        Path p = host.path(dir);
        if (!Files.isDirectory(p)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(p)) {
            return (int) s.count();
        } catch (IOException e) {
            return 0;
        }
    }
}
