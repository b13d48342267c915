package labs.cpuinfo;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves what vt-check read from this machine as a small sysroot (proc/cpuinfo, sys/module/kvm*, DMI names ...),
 * so that a student hands in results/vt-check/TIME/sysroot/ and a teacher checks it with --sysroot. The same files
 * as src/test/resources/sysroot/capture.sh; no device nodes, no secrets, a few KB.
 */
public final class SysrootDump {
    private static final List<String> FILES = List.of("proc/cpuinfo", "proc/meminfo", "proc/version", "proc/cgroups",
            "proc/sys/kernel/osrelease", "proc/sys/kernel/hostname", "etc/os-release", "sys/hypervisor/type",
            "sys/class/dmi/id/sys_vendor", "sys/class/dmi/id/product_name", "sys/fs/cgroup/cgroup.controllers");
    private static final List<String> MODULES = List.of("kvm", "kvm_intel", "kvm_amd", "kvm_pvm");

    private SysrootDump() {}

    /** Copies from root (normally "/") into dir; unreadable files are skipped, never fatal. */
    public static void save(Path root, Path dir) throws IOException {
        for (String f : FILES) {
            copy(root.resolve(f), dir.resolve(f));
        }
        // Only the kernel parameters the checks read: the rest of a command line may name disks or boot secrets.
        String cmdline = HostFingerprint.read(root, "proc/cmdline");
        StringBuilder kept = new StringBuilder();
        for (String word : cmdline.strip().split("\\s+")) {
            if (word.matches("(nested_pvm|kvm[-_.]\\S*|intel_iommu|amd_iommu|iommu|cgroup_\\w+)(=\\S*)?")) {
                kept.append(kept.length() == 0 ? "" : " ").append(word);
            }
        }
        if (!cmdline.isEmpty()) {
            Files.createDirectories(dir.resolve("proc"));
            Files.writeString(dir.resolve("proc/cmdline"), kept + "\n");
        }
        for (String m : MODULES) {
            Path mod = root.resolve("sys/module/" + m);
            if (!Files.isDirectory(mod)) {
                continue;
            }
            Files.createDirectories(dir.resolve("sys/module/" + m));
            copy(mod.resolve("initstate"), dir.resolve("sys/module/" + m + "/initstate"));
            try (DirectoryStream<Path> ps = Files.newDirectoryStream(mod.resolve("parameters"))) {
                for (Path p : ps) {
                    copy(p, dir.resolve("sys/module/" + m + "/parameters/" + p.getFileName()));
                }
            } catch (IOException e) {
                // a module without parameters
            }
        }
        for (String d : List.of("sys/class/iommu", "sys/kernel/iommu_groups")) {
            try (DirectoryStream<Path> ps = Files.newDirectoryStream(root.resolve(d))) {
                for (Path p : ps) {
                    Path marker = dir.resolve(d + "/" + p.getFileName() + "/present");
                    Files.createDirectories(marker.getParent());
                    Files.writeString(marker, "");
                }
            } catch (IOException e) {
                // no IOMMU
            }
        }
    }

    private static void copy(Path from, Path to) {
        try {
            byte[] b = BoundedRead.bytes(from, 4 << 20);
            Files.createDirectories(to.getParent());
            Files.write(to, b);
        } catch (IOException | RuntimeException e) {
            // absent or unreadable (e.g. root-only): the dump simply lacks it, as a live check would
        }
    }
}
