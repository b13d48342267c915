package labs.cpuinfo.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import labs.common.i18n.Msg;

import static labs.common.i18n.CheckText.*;

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
            out.add(device(host, "/dev/net/tun", "tun", Msg.get(HOST_TUN_FOR)));
            out.add(device(host, "/dev/vhost-net", "vhost_net", Msg.get(HOST_VHOST_FOR)));
        }
        if (!host.hasFiles()) {
            out.add(Finding.of(Status.SKIP, "host.cgroups+iommu", Msg.get(HOST_CPUINFO_ONLY),
                    Msg.get(HOST_CPUINFO_ONLY_WHY), Msg.get(HOST_CPUINFO_ONLY_FIX)));
            return out;
        }
        out.add(cgroups(host));
        out.add(iommu(host));
        return out;
    }

    private static Finding device(Host host, String dev, String module, String whatFor) {
        if (host.exists(dev)) {
            return Finding.pass("host." + module, Msg.get(HOST_DEV, dev, whatFor));
        }
        return Finding.of(Status.NOTE, "host." + module, Msg.get(HOST_DEV_MISSING, dev),
                Msg.get(HOST_DEV_MISSING_WHY, whatFor), "sudo modprobe " + module);
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
            return Finding.of(Status.NOTE, "host.cgroups", Msg.get(CGROUPS_NONE), Msg.get(CGROUPS_NONE_WHY),
                    "sudo mount -t cgroup2 none /sys/fs/cgroup");
        }
        List<String> missing = want.stream().filter(c -> !have.contains(c)).toList();
        if (missing.isEmpty()) {
            return Finding.pass("host.cgroups", Msg.get(CGROUPS_OK, version, String.join(" ", want)));
        }
        return Finding.of(Status.NOTE, "host.cgroups", Msg.get(CGROUPS_MISSING, version, missing),
                Msg.get(CGROUPS_MISSING_WHY), Msg.get(CGROUPS_MISSING_FIX, missing.get(0)));
    }

    private static Finding iommu(Host host) {
        int units = count(host, "/sys/class/iommu");
        int groups = count(host, "/sys/kernel/iommu_groups");
        if (units > 0 || groups > 0) {
            return Finding.pass("host.iommu", Msg.get(IOMMU_OK, units, groups));
        }
        return Finding.of(Status.NOTE, "host.iommu", Msg.get(IOMMU_NONE), Msg.get(IOMMU_NONE_WHY),
                Msg.get(IOMMU_NONE_FIX));
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
