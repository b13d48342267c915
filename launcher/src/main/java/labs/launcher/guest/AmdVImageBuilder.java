package labs.launcher.guest;

import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import labs.common.DebianPackage;
import labs.common.LabsException;
import labs.common.Packages;
import labs.common.Progress;

/**
 * The boot files of the emulated AMD-V machine (see {@code labs.launcher.amdv.AmdVMachine}): the same distro kernel
 * the guests boot ({@link KernelSource}, uncompressed once in the same cache part), and a small initramfs of its own
 * (busybox, the modules that share the host's root over virtio-9p and that make KVM on AMD-V, and
 * {@code amdv-init.sh}), cached like the guest's parts. The machine needs no root disk: its root is the host's.
 */
public final class AmdVImageBuilder {
    /** Bump when the initramfs recipe changes (the script and inputs are in the key, the recipe is not). */
    static final String FORMAT = "1";
    /**
     * Loaded in this order, each after its dependencies (from the modules' own depends= lines): virtio-9p for the
     * host's root and the shares (9pnet, netfs, fscache come in as dependencies), virtio_blk and ext4 for the
     * scratch disk its guests live on (tmpfs refuses the O_DIRECT that a guest disk with cache=none opens with),
     * then kvm_amd (irqbypass, ccp, kvm). Debian builds all of them as modules.
     */
    public static final List<String> MODULES = List.of("virtio_pci", "9pnet_virtio", "9p", "virtio_blk",
            "crc32c_generic", "ext4", "kvm_amd");
    /** The config symbol of each module the machine cannot do without, for a kernel that has none of its files. */
    static final Map<String, String> SYMBOLS = Map.of("virtio_pci", "CONFIG_VIRTIO_PCI",
            "9pnet_virtio", "CONFIG_NET_9P_VIRTIO", "9p", "CONFIG_9P_FS", "virtio_blk", "CONFIG_VIRTIO_BLK",
            "crc32c_generic", "CONFIG_CRYPTO_CRC32C", "ext4", "CONFIG_EXT4_FS", "kvm_amd", "CONFIG_KVM_AMD");
    static final List<String> APPLETS = List.of("sh", "mount", "mkdir", "modprobe", "poweroff", "chroot", "dmesg",
            "sync", "mv", "hostname");
    /** The machine is a QEMU guest and its initramfs holds busybox. */
    public static final List<DebianPackage> PACKAGES = List.of(DebianPackage.QEMU, DebianPackage.BUSYBOX);

    /** What QEMU boots: -kernel and -initrd, and the kernel's release (in meta.json of the runs inside). */
    public record AmdVImage(Path kernel, Path initrd, String kernelRelease, String kernelSource) {}

    private final Path cacheRoot;
    private final Progress out;

    public AmdVImageBuilder(Path cacheRoot, Progress out) {
        this.cacheRoot = cacheRoot;
        this.out = out;
    }

    public AmdVImage build() {
        try {
            return doBuild();
        } catch (IOException e) {
            throw LabsException.failed(Msg.get(LauncherText.AM_IMAGE_CANNOT_BUILD, cacheRoot), e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed(Msg.get(LauncherText.AM_IMAGE_INTERRUPTED), null, e);
        }
    }

    private AmdVImage doBuild() throws IOException, InterruptedException {
        Packages.require("the emulated AMD-V machine", PACKAGES);
        Path guestCache = Files.createDirectories(cacheRoot.resolve("guest"));
        GuestImageBuilder guest = new GuestImageBuilder(cacheRoot, out);
        KernelSource.Kernel kernel = new KernelSource(cacheRoot, GuestImageBuilder.kernelModules(), out)
                .find(Optional.empty());
        Path kernelPart = guest.kernelPart(guestCache, kernel).dir();
        Path kernelFile = GuestImageBuilder.kernelFile(kernelPart);
        List<KernelModules.Module> modules = loadOrder(kernel);
        String script = GuestImageBuilder.resource("amdv-init.sh");
        Path busybox = GuestImageBuilder.busybox();
        boolean fastLoad = KernelModules.unsignedAllowed(kernel.config());
        List<Path> inputs = new ArrayList<>();
        modules.forEach(m -> inputs.add(kernel.modulesDir().resolve(m.relPath())));
        inputs.add(busybox);
        String key = GuestCache.hash(List.of("amdv", FORMAT, kernel.release(), script, modules.toString(),
                String.join(",", APPLETS), "fastLoad=" + fastLoad), inputs, false);
        Path part = GuestCache.part(guestCache, "amdv-" + key, dir -> writeInitramfs(dir.resolve("initrd.img"),
                busybox, script, kernel, modules, fastLoad), out);
        GuestCache.sweepUnused(guestCache, GuestCache.GUEST_PARTS, List.of(kernelPart, part), out);
        return new AmdVImage(kernelFile, part.resolve("initrd.img"), kernel.release(), kernel.source());
    }

    /** The modules in load order; one missing stops here (exit 2) unless the kernel's config builds it in. */
    private static List<KernelModules.Module> loadOrder(KernelSource.Kernel kernel) throws IOException {
        List<String> notModules = new ArrayList<>();
        List<KernelModules.Module> order = kernel.modulesDir() == null ? List.of()
                : KernelModules.open(kernel.modulesDir()).loadOrder(MODULES, notModules);
        if (kernel.modulesDir() == null) {
            notModules.addAll(MODULES);
        }
        List<String> config = kernel.config() != null && Files.isReadable(kernel.config())
                ? Files.readAllLines(kernel.config()) : List.of();
        List<String> missing = notModules.stream()
                .filter(n -> !config.contains(SYMBOLS.get(KernelModules.normalize(n)) + "=y")).toList();
        if (!missing.isEmpty()) {
            throw LabsException.usage(Msg.get(missing.size() == 1 ? LauncherText.AM_KERNEL_NO_MODULE_ONE
                            : LauncherText.AM_KERNEL_NO_MODULE_MANY, kernel.release(), kernel.source(),
                            String.join(", ", missing)),
                    Msg.get(LauncherText.AM_KERNEL_NO_MODULE_FIX, "apt-get install linux-image-amd64"));
        }
        return order;
    }

    private static void writeInitramfs(Path target, Path busybox, String script, KernelSource.Kernel kernel,
                                       List<KernelModules.Module> modules, boolean fastLoad) throws IOException {
        Initramfs cpio = new Initramfs();
        cpio.dir("bin").dir("dev").dir("etc").dir("lib").dir("lib/modules").dir("proc").dir("sys").dir("newroot");
        cpio.charDevice("dev/console", 0600, 5, 1);
        cpio.file("bin/busybox", 0755, busybox);
        APPLETS.forEach(a -> cpio.symlink("bin/" + a, "busybox"));
        cpio.file("init", 0755, script.getBytes(StandardCharsets.UTF_8));
        cpio.file("etc/fstab.init", 0644, """
                proc /proc proc defaults 0 0
                sysfs /sys sysfs defaults 0 0
                devtmpfs /dev devtmpfs defaults 0 0
                """.getBytes(StandardCharsets.UTF_8));
        // As in the guest's initramfs: the list is in dependency order, modules.dep names no dependencies, so
        // one `modprobe -a` loads them exactly in this order.
        StringBuilder load = new StringBuilder();
        StringBuilder dep = new StringBuilder();
        for (KernelModules.Module m : modules) {
            byte[] ko = KernelModules.readModule(kernel.modulesDir().resolve(m.relPath()));
            cpio.file("lib/modules/" + m.name() + ".ko", 0644, fastLoad ? KernelModules.forFastLoad(ko) : ko);
            load.append(m.name()).append('\n');
            dep.append(m.name()).append(".ko:\n");
        }
        cpio.symlink("lib/modules/" + kernel.release(), ".");
        cpio.file("lib/modules/modules.dep", 0644, dep.toString().getBytes(StandardCharsets.UTF_8));
        cpio.file("etc/modules.load", 0644, load.toString().getBytes(StandardCharsets.UTF_8));
        try (OutputStream o = Files.newOutputStream(target)) {
            cpio.writeTo(o);
        }
    }
}
