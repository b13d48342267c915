package labs.launcher.guest;

import labs.common.i18n.ProgressText;
import labs.common.i18n.ErrorText;
import labs.common.i18n.Msg;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import labs.common.DebianPackage;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.Json;
import labs.common.LabsException;
import labs.common.i18n.LauncherText;
import labs.common.Packages;
import labs.common.Progress;
import labs.common.Ui;

/**
 * Builds (or finds in the cache) the guest every lab runs in: a kernel, a small initramfs that loads the virtio
 * and squashfs modules and mounts the root disk, and a read-only squashfs root disk with busybox, fio, sysstat
 * and the agent. Each of the three parts is cached under a hash of what it is made from, so changing the agent rebuilds
 * only the root disk; each is built in a temp folder and renamed into place, so a crash or a concurrent build
 * never leaves a half-written part that looks finished.
 */
public final class GuestImageBuilder {
    /**
     * Bump when the code that builds a part changes (RootDisk, Initramfs, writeKernel...): scripts and input
     * files are in the keys, the recipe is not, so a cached part made the old way would otherwise be reused.
     */
    static final String FORMAT = "5";
    /** The virtio-serial port name the agent looks for in /sys/class/virtio-ports/{@literal *}/name. */
    public static final String AGENT_PORT = "labs.agent";
    /**
     * Loaded in this order (dependencies are added before each). No virtio_mmio: the guest is a q35 machine whose
     * virtio devices are PCI, and every insmod costs boot time under TCG. squashfs for the root disk: one module
     * of 150 KB without dependencies, where ext4 is 2 MB plus jbd2, mbcache, crc16 and crc32c (0.19 s of insmod
     * under TCG against ~0.02 s, see bench/boot-overhead-results.txt).
     */
    static final List<String> MODULES = List.of("virtio_pci", "virtio_blk", "virtio_console", "squashfs");
    /**
     * The data disk's file system, loaded only when the VM has one (a disk with serial "data"); crc32c_generic
     * before ext4 because ext4 asks the crypto API for "crc32c" at mount and only names it as a soft dependency.
     */
    static final List<String> DATA_MODULES = List.of("crc32c_generic", "ext4");
    /**
     * Loaded only when the VM was given a NIC (labs.net on the kernel command line): a guest without network
     * does not pay for them at boot.
     */
    static final List<String> NET_MODULES = List.of("virtio_net");
    /**
     * The ACPI power button (QMP system_powerdown, what `virsh shutdown` presses) reaches busybox acpid through
     * these; init.sh loads them in the background, so boot-to-ready does not wait for a button rarely pressed.
     */
    static final List<String> ACPI_MODULES = List.of("button", "evdev");
    /** The busybox applets init.sh calls, linked in the initramfs (busybox --install at boot costs time). */
    static final List<String> INIT_APPLETS = List.of("sh", "mount", "mkdir", "modprobe", "usleep", "poweroff",
            "chroot", "ip", "acpid", "sync", "umount");
    /** Host tools copied into the guest with their libraries. */
    static final List<String> TOOLS = List.of("/usr/bin/fio", "/usr/bin/mpstat", "/usr/bin/sar", "/usr/bin/sadf",
            "/usr/bin/iostat", "/usr/lib/sysstat/sadc");
    /** What the image copies from the host: a command that builds or boots a guest checks these first. */
    public static final List<DebianPackage> PACKAGES = List.of(DebianPackage.BUSYBOX, DebianPackage.SQUASHFS_TOOLS,
            DebianPackage.FIO, DebianPackage.SYSSTAT);

    private final Path cacheRoot;
    private final Progress out;

    /** Reports its work on the terminal ({@link Ui#TERMINAL}). */
    public GuestImageBuilder(Path cacheRoot) { this(cacheRoot, Ui.TERMINAL); }

    /** @param out where building and cache repairs are reported */
    public GuestImageBuilder(Path cacheRoot, Progress out) {
        this.cacheRoot = cacheRoot;
        this.out = out;
    }

    /** $XDG_CACHE_HOME/labs, else ~/.cache/labs. */
    public static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "labs");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "labs");
    }

    public GuestImage build(Optional<Path> kernelOverride) {
        try {
            return doBuild(kernelOverride);
        } catch (IOException e) {
            throw LabsException.failed(Msg.get(LauncherText.IMG_BUILD_FAILED, cacheRoot), e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed(Msg.get(LauncherText.IMG_BUILD_INTERRUPTED), null, e);
        }
    }

    private GuestImage doBuild(Optional<Path> kernelOverride) throws IOException, InterruptedException {
        Packages.require("the guest image", PACKAGES);
        Path busybox = busybox();
        Path guestCache = Files.createDirectories(cacheRoot.resolve("guest"));
        GuestCache.removeAbandonedTemps(guestCache, out);
        GuestCache.removeAbandonedTemps(Files.createDirectories(cacheRoot.resolve("kernels")), out);

        long t0 = System.nanoTime();
        KernelSource.Kernel kernel = new KernelSource(cacheRoot, kernelModules(), out).find(kernelOverride);
        out.debug("guest image: kernel found in %.0f ms: %s", ms(t0), kernel.source());
        Part kernelPart = kernelPart(guestCache, kernel);
        String kernelKey = kernelPart.key();
        Path kernelFile = kernelFile(kernelPart.dir());
        ModuleSets sets = ModuleSets.of(kernel, out);
        out.debug("guest image: kernel part and module order after %.0f ms", ms(t0));
        Part init = initPart(guestCache, kernel, sets, busybox);
        Part root = rootPart(guestCache, busybox, t0);

        String imageKey = GuestCache.hash(List.of("image", FORMAT, kernelKey, init.key(), root.key(),
                kernel.release()), List.of(), false);
        Path imageDir = GuestCache.part(guestCache, "image-" + imageKey, dir -> {
            Map<String, String> manifest = new LinkedHashMap<>();
            manifest.put("kernel", kernelFile.toString());
            manifest.put("initrd", init.dir().resolve("initrd.img").toString());
            manifest.put("rootDisk", root.dir().resolve(ROOT_DISK).toString());
            manifest.put("kernelRelease", kernel.release());
            manifest.put("kernelSource", kernel.source());
            Json.MAPPER.writeValue(dir.resolve("image.json").toFile(), manifest);
        }, out);
        sweep(guestCache, kernel, List.of(kernelPart.dir(), init.dir(), root.dir(), imageDir));
        out.debug("guest image: ready after %.0f ms (%s)", ms(t0), imageDir);
        return new GuestImage(kernelFile, init.dir().resolve("initrd.img"), root.dir().resolve(ROOT_DISK),
                kernel.release(), kernel.source(), imageDir);
    }

    /** A cache part and the key it is named by (which the image's own key is made of). */
    record Part(String key, Path dir) {}

    /**
     * The modules a fetched kernel package keeps: the guest's, and those of the emulated AMD-V machine
     * ({@link AmdVImageBuilder#MODULES}), so that both boot the same cached kernel and one download serves both.
     */
    static List<String> kernelModules() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(MODULES);   // each once: the list names
        all.addAll(DATA_MODULES);                                                         // the cached folder
        all.addAll(NET_MODULES);
        all.addAll(ACPI_MODULES);
        all.addAll(AmdVImageBuilder.MODULES);
        return List.copyOf(all);
    }

    /** The kernel as QEMU boots it (uncompressed when it can be), cached under a hash of the kernel file. */
    Part kernelPart(Path guestCache, KernelSource.Kernel kernel) throws IOException, InterruptedException {
        String kernelKey = GuestCache.hash(List.of("kernel", FORMAT), List.of(kernel.image()), false);
        Path dir = GuestCache.part(guestCache, "kernel-" + kernelKey,
                d -> ImageRepair.kernelFrom(kernel.image(), cacheRoot, img -> writeKernel(img, d)), out);
        return new Part(kernelKey, dir);
    }

    /** The file in a kernel part that QEMU's -kernel takes. */
    static Path kernelFile(Path kernelPart) {
        return Files.exists(kernelPart.resolve("vmlinux")) ? kernelPart.resolve("vmlinux")
                : kernelPart.resolve("bzImage");
    }

    private Part initPart(Path guestCache, KernelSource.Kernel kernel, ModuleSets sets, Path busybox)
            throws IOException, InterruptedException {
        String initScript = resource("init.sh");
        boolean fastLoad = KernelModules.unsignedAllowed(kernel.config());
        if (!fastLoad && kernel.modulesDir() != null) {
            out.debug("modules keep their signature and BTF (kernel config unknown or forcing signatures)");
        }
        List<Path> initInputs = new ArrayList<>(sets.files(kernel.modulesDir()));
        String powerButton = resource("acpi-power-button.sh");
        initInputs.add(busybox);
        String initKey = GuestCache.hash(List.of("initrd", FORMAT, kernel.release(), initScript,
                sets.boot().toString(), sets.data().toString(), sets.net().toString(), sets.acpi().toString(),
                powerButton, String.join(",", INIT_APPLETS), "fastLoad=" + fastLoad), initInputs, false);
        Path dir = GuestCache.part(guestCache, "initrd-" + initKey, d -> writeInitramfs(d.resolve("initrd.img"),
                busybox, initScript, kernel.modulesDir(), kernel.release(), sets, powerButton, fastLoad), out);
        return new Part(initKey, dir);
    }

    private Part rootPart(Path guestCache, Path busybox, long t0) throws IOException, InterruptedException {
        String agentScript = resource("labs-agent.sh").replace("@PORT_NAME@", AGENT_PORT);
        List<Path> tools = GuestTools.resolve(Path.of("/"), TOOLS);
        for (Path t : tools) {
            if (!Files.isRegularFile(t)) {
                throw new LabsException(Msg.get(ErrorText.TOOL_MISSING, t), Msg.get(ErrorText.TOOL_WHY),
                        "apt-get install --reinstall fio sysstat");
            }
        }
        Set<Path> files = new TreeSet<>(tools);
        files.addAll(LibraryClosure.of(tools));
        List<Path> rootInputs = new ArrayList<>(files);
        rootInputs.add(busybox);
        out.debug("guest image: initramfs part and library closure after %.0f ms", ms(t0));
        String rootKey = GuestCache.hash(List.of("root", FORMAT, agentScript), rootInputs, false);
        Path dir = GuestCache.part(guestCache, "root-" + rootKey,
                d -> writeRootDisk(d.resolve(ROOT_DISK), busybox, files, agentScript), out);
        return new Part(rootKey, dir);
    }

    /** Marks the parts used and removes old ones (see {@link GuestCache#sweepUnused}). */
    private void sweep(Path guestCache, KernelSource.Kernel kernel, List<Path> used) {
        GuestCache.sweepUnused(guestCache, GuestCache.GUEST_PARTS, used, out);
        // A distro kernel unpacked here (~11 MB) is left behind by every kernel update the same way.
        Path kernels = cacheRoot.resolve("kernels").toAbsolutePath().normalize();
        Path image = kernel.image().toAbsolutePath().normalize();
        GuestCache.sweepUnused(kernels, GuestCache.UNPACKED_KERNELS, image.startsWith(kernels)
                && !image.equals(kernels) ? List.of(kernels.resolve(kernels.relativize(image).getName(0))) : List.of(), out);
    }

    /** The root disk's file name in its cache part. */
    static final String ROOT_DISK = "root.squashfs";

    private static double ms(long since) { return (System.nanoTime() - since) / 1e6; }

    private void writeKernel(KernelImage image, Path dir) throws IOException {
        if (image.isElf()) {
            if (!image.hasPvhEntry()) {
                throw LabsException.usage(Msg.get(LauncherText.IMG_NO_PVH), Msg.get(LauncherText.IMG_NO_PVH_FIX));
            }
            Files.write(dir.resolve("vmlinux"), image.bytes());
            return;
        }
        if (image.payloadCompression() != KernelImage.Compression.UNSUPPORTED) {
            out.progress("%s", Msg.get(LauncherText.IMG_DECOMPRESSING, image.payloadCompression().name().toLowerCase()));
            Path vmlinux = dir.resolve("vmlinux");
            try (OutputStream os = Files.newOutputStream(vmlinux)) {
                image.extractVmlinux(os);
            }
            if (KernelImage.read(vmlinux).hasPvhEntry()) {
                return;
            }
            out.progress("%s", Msg.get(LauncherText.IMG_NO_PVH_BZIMAGE));
            Files.delete(vmlinux);
        }
        Files.write(dir.resolve("bzImage"), image.bytes());
    }

    private void writeInitramfs(Path target, Path busybox, String initScript, Path modulesDir, String release,
                                       ModuleSets modules, String powerButton, boolean fastLoad) throws IOException {
        out.progress(ProgressText.INITRAMFS, modules.size());
        Initramfs cpio = new Initramfs();
        cpio.dir("bin").dir("dev").dir("etc").dir("lib").dir("lib/modules").dir("proc").dir("sys").dir("newroot");
        cpio.charDevice("dev/console", 0600, 5, 1);
        cpio.file("bin/busybox", 0755, busybox);
        for (String applet : INIT_APPLETS) {
            cpio.symlink("bin/" + applet, "busybox");
        }
        cpio.file("init", 0755, initScript.getBytes(StandardCharsets.UTF_8));
        // init mounts these three with one `mount -a` (one fork and exec instead of three under TCG).
        cpio.file("etc/fstab.init", 0644, """
                proc /proc proc defaults 0 0
                sysfs /sys sysfs defaults 0 0
                devtmpfs /dev devtmpfs defaults 0 0
                """.getBytes(StandardCharsets.UTF_8));
        cpio.file("etc/modules.load", 0644, addModules(cpio, modulesDir, modules.boot(), fastLoad));
        cpio.file("etc/data-modules.load", 0644, addModules(cpio, modulesDir, modules.data(), fastLoad));
        cpio.file("etc/net-modules.load", 0644, addModules(cpio, modulesDir, modules.net(), fastLoad));
        cpio.file("etc/acpi-modules.load", 0644, addModules(cpio, modulesDir, modules.acpi(), fastLoad));
        // init loads each list with one `modprobe -a` (one fork and exec per list rather than per module under
        // TCG). modprobe looks in /lib/modules/RELEASE, here the same folder, and reads modules.dep there; the
        // lists are already in dependency order, so modules.dep names no dependencies and modprobe loads each
        // list exactly in its order.
        cpio.symlink("lib/modules/" + release, ".");
        StringBuilder dep = new StringBuilder();
        for (List<KernelModules.Module> set : modules.all()) {
            set.forEach(m -> dep.append(m.name()).append(".ko:\n"));
        }
        cpio.file("lib/modules/modules.dep", 0644, dep.toString().getBytes(StandardCharsets.UTF_8));
        // busybox acpid's default table maps the power button to CONFDIR/PWRF/00000080.
        cpio.dir("etc/acpi").dir("etc/acpi/PWRF");
        cpio.file("etc/acpi/PWRF/00000080", 0755, powerButton.getBytes(StandardCharsets.UTF_8));
        cpio.fifo("etc/acpi-go", 0600);
        try (OutputStream o = Files.newOutputStream(target)) {
            cpio.writeTo(o);
        }
    }

    /** Puts the modules in the initramfs and returns their load list (one module name a line, in order). */
    private static byte[] addModules(Initramfs cpio, Path modulesDir, List<KernelModules.Module> modules,
                                     boolean fastLoad) throws IOException {
        StringBuilder load = new StringBuilder();
        for (KernelModules.Module m : modules) {
            String name = m.name() + ".ko";
            byte[] ko = KernelModules.readModule(modulesDir.resolve(m.relPath()));
            cpio.file("lib/modules/" + name, 0644, fastLoad ? KernelModules.forFastLoad(ko) : ko);
            load.append(m.name()).append('\n');
        }
        return load.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void writeRootDisk(Path image, Path busybox, Set<Path> files, String agentScript)
            throws IOException, InterruptedException {
        out.progress(ProgressText.ROOT_DISK,
                files.size() - TOOLS.size());
        Path stage = Files.createDirectories(image.getParent().resolve("stage"));
        try {
            RootDisk.stage(stage, busybox, busyboxApplets(busybox), files, agentScript);
            RootDisk.makeImage(stage, image);
        } finally {
            KernelSource.deleteTree(stage);
        }
    }

    private static List<String> busyboxApplets(Path busybox) throws IOException, InterruptedException {
        ExecResult r = HostRunner.INSTANCE.exec(List.of(busybox.toString(), "--list"), Duration.ofSeconds(10));
        return List.of(r.stdout().strip().split("\n"));
    }

    static Path busybox() {
        for (String p : List.of("/bin/busybox", "/usr/bin/busybox")) {
            if (Files.isRegularFile(Path.of(p))) {
                return Path.of(p);
            }
        }
        throw new LabsException(Msg.get(LauncherText.IMG_NO_BUSYBOX), Msg.get(LauncherText.IMG_NO_BUSYBOX_WHY),
                "apt-get install busybox-static");
    }

    static String resource(String name) {
        try (InputStream in = GuestImageBuilder.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
