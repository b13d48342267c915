package labs.launcher.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import labs.common.DebianPackage;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.Json;
import labs.common.LabsException;
import labs.common.Packages;
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
    static final List<DebianPackage> PACKAGES = List.of(DebianPackage.BUSYBOX, DebianPackage.SQUASHFS_TOOLS,
            DebianPackage.FIO, DebianPackage.SYSSTAT);

    private final Path cacheRoot;

    public GuestImageBuilder(Path cacheRoot) { this.cacheRoot = cacheRoot; }

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
            throw LabsException.failed("could not build the guest image in " + cacheRoot, e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed("interrupted while building the guest image", null, e);
        }
    }

    private GuestImage doBuild(Optional<Path> kernelOverride) throws IOException, InterruptedException {
        Packages.ensure("the guest image", PACKAGES);
        Path busybox = busybox();
        Path guestCache = Files.createDirectories(cacheRoot.resolve("guest"));
        removeAbandonedTemps(guestCache);
        removeAbandonedTemps(Files.createDirectories(cacheRoot.resolve("kernels")));

        long t0 = System.nanoTime();
        List<String> allModules = new ArrayList<>(MODULES);
        allModules.addAll(DATA_MODULES);
        allModules.addAll(NET_MODULES);
        allModules.addAll(ACPI_MODULES);
        KernelSource.Kernel kernel = new KernelSource(cacheRoot, allModules).find(kernelOverride);
        Ui.debug("guest image: kernel found in %.0f ms: %s", ms(t0), kernel.source());
        String kernelKey = hash(List.of("kernel", FORMAT), List.of(kernel.image()), false);
        Path kernelPart = part(guestCache, "kernel-" + kernelKey,
                dir -> ImageRepair.kernelFrom(kernel.image(), cacheRoot, img -> writeKernel(img, dir)));
        Path kernelFile = Files.exists(kernelPart.resolve("vmlinux")) ? kernelPart.resolve("vmlinux")
                : kernelPart.resolve("bzImage");

        List<KernelModules.Module> modules = List.of();
        List<KernelModules.Module> dataModules = List.of();
        List<KernelModules.Module> netModules = List.of();
        List<KernelModules.Module> acpiModules = List.of();
        if (kernel.modulesDir() != null) {
            List<String> builtin = new ArrayList<>();
            KernelModules index = KernelModules.open(kernel.modulesDir());
            modules = index.loadOrder(MODULES, builtin);
            List<KernelModules.Module> base = modules;
            dataModules = index.loadOrder(DATA_MODULES, builtin).stream().filter(m -> !base.contains(m)).toList();
            List<KernelModules.Module> data = dataModules;
            netModules = index.loadOrder(NET_MODULES, builtin).stream()
                    .filter(m -> !base.contains(m) && !data.contains(m)).toList();
            List<KernelModules.Module> net = netModules;
            acpiModules = index.loadOrder(ACPI_MODULES, builtin).stream()
                    .filter(m -> !base.contains(m) && !data.contains(m) && !net.contains(m)).toList();
            BootModules.requireBuiltIn(kernel, builtin);
            if (!builtin.isEmpty()) {
                Ui.debug("not found as modules (taken as built in): %s", builtin);
            }
        }
        Ui.debug("guest image: kernel part and module order after %.0f ms", ms(t0));
        String initScript = resource("init.sh");
        boolean fastLoad = KernelModules.unsignedAllowed(kernel.config());
        if (!fastLoad && kernel.modulesDir() != null) {
            Ui.debug("modules keep their signature and BTF (kernel config unknown or forcing signatures)");
        }
        List<Path> initInputs = new ArrayList<>();
        modules.forEach(m -> initInputs.add(kernel.modulesDir().resolve(m.relPath())));
        dataModules.forEach(m -> initInputs.add(kernel.modulesDir().resolve(m.relPath())));
        netModules.forEach(m -> initInputs.add(kernel.modulesDir().resolve(m.relPath())));
        acpiModules.forEach(m -> initInputs.add(kernel.modulesDir().resolve(m.relPath())));
        String powerButton = resource("acpi-power-button.sh");
        initInputs.add(busybox);
        String initKey = hash(List.of("initrd", FORMAT, kernel.release(), initScript, modules.toString(), dataModules.toString(),
                netModules.toString(),
                acpiModules.toString(), powerButton, String.join(",", INIT_APPLETS), "fastLoad=" + fastLoad),
                initInputs, false);
        ModuleSets sets = new ModuleSets(modules, dataModules, netModules, acpiModules);
        Path initPart = part(guestCache, "initrd-" + initKey, dir -> writeInitramfs(dir.resolve("initrd.img"),
                busybox, initScript, kernel.modulesDir(), kernel.release(), sets, powerButton, fastLoad));

        String agentScript = resource("labs-agent.sh").replace("@PORT_NAME@", AGENT_PORT);
        List<Path> tools = GuestTools.resolve(Path.of("/"), TOOLS);
        for (Path t : tools) {
            if (!Files.isRegularFile(t)) {
                throw new LabsException(t + " is missing", "the guest runs the host's own fio and sysstat",
                        "apt-get install --reinstall fio sysstat");
            }
        }
        Set<Path> files = new TreeSet<>(tools);
        files.addAll(LibraryClosure.of(tools));
        List<Path> rootInputs = new ArrayList<>(files);
        rootInputs.add(busybox);
        Ui.debug("guest image: initramfs part and library closure after %.0f ms", ms(t0));
        String rootKey = hash(List.of("root", FORMAT, agentScript), rootInputs, false);
        Path rootPart = part(guestCache, "root-" + rootKey,
                dir -> writeRootDisk(dir.resolve(ROOT_DISK), busybox, files, agentScript));

        String imageKey = hash(List.of("image", FORMAT, kernelKey, initKey, rootKey, kernel.release()), List.of(), false);
        Path imageDir = part(guestCache, "image-" + imageKey, dir -> {
            Map<String, String> manifest = new LinkedHashMap<>();
            manifest.put("kernel", kernelFile.toString());
            manifest.put("initrd", initPart.resolve("initrd.img").toString());
            manifest.put("rootDisk", rootPart.resolve(ROOT_DISK).toString());
            manifest.put("kernelRelease", kernel.release());
            manifest.put("kernelSource", kernel.source());
            Json.MAPPER.writeValue(dir.resolve("image.json").toFile(), manifest);
        });
        sweepUnused(guestCache, GUEST_PARTS, List.of(kernelPart, initPart, rootPart, imageDir));
        // A distro kernel unpacked here (~11 MB) is left behind by every kernel update the same way.
        Path kernels = cacheRoot.resolve("kernels").toAbsolutePath().normalize();
        Path image = kernel.image().toAbsolutePath().normalize();
        sweepUnused(kernels, UNPACKED_KERNELS, image.startsWith(kernels) && !image.equals(kernels)
                ? List.of(kernels.resolve(kernels.relativize(image).getName(0))) : List.of());
        Ui.debug("guest image: ready after %.0f ms (%s)", ms(t0), imageDir);
        return new GuestImage(kernelFile, initPart.resolve("initrd.img"), rootPart.resolve(ROOT_DISK),
                kernel.release(), kernel.source(), imageDir);
    }

    /** The root disk's file name in its cache part. */
    static final String ROOT_DISK = "root.squashfs";

    /** What init.sh loads: at boot, for a data disk, for a NIC, in the background for the power button. */
    private record ModuleSets(List<KernelModules.Module> boot, List<KernelModules.Module> data,
                              List<KernelModules.Module> net, List<KernelModules.Module> acpi) {
        int size() { return boot.size() + data.size() + net.size() + acpi.size(); }
    }

    private static double ms(long since) { return (System.nanoTime() - since) / 1e6; }

    private interface PartWriter {
        void write(Path dir) throws IOException, InterruptedException;
    }

    /**
     * The cache folder {@code name}, built by {@code writer} when absent or damaged (its files' sizes differ from
     * its manifest): into a temp folder beside it, with a manifest, renamed atomically; if another process won
     * the race, its part is kept and this one discarded.
     */
    private static Path part(Path guestCache, String name, PartWriter writer) throws IOException, InterruptedException {
        Path dir = guestCache.resolve(name);
        if (Files.isDirectory(dir)) {
            Optional<String> bad = PartManifest.damage(dir, false);
            if (bad.isEmpty()) {
                return dir;
            }
            if (Files.exists(dir.resolve(PartManifest.FILE))) {
                Ui.warn("the cached guest image part %s is damaged: %s; building it again", dir, bad.get());
            } else {
                Ui.progress("building the cached guest image part %s again, once: %s", dir, bad.get());
            }
            ImageRepair.discard(dir);
        }
        Path tmp = Files.createTempDirectory(guestCache, ".tmp-" + name + "-");
        try {
            writer.write(tmp);
            PartManifest.write(tmp);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // built meanwhile by another labs process: same inputs, same content
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the cache folder does not support atomic rename: " + guestCache, e);
            }
        } finally {
            KernelSource.deleteTree(tmp);
        }
        return dir;
    }

    /** Parts not used by any build for this long are removed: a labs upgrade leaves old ones behind. */
    static final Duration UNUSED_PARTS_KEPT = Duration.ofDays(30);
    /** The folders sweepUnused may remove: labs' own, never anything else a user put in the cache. */
    static final Pattern GUEST_PARTS = Pattern.compile("(kernel|initrd|root|image)-[0-9a-f]{16}");
    static final Pattern UNPACKED_KERNELS = Pattern.compile("linux-image-[0-9][0-9A-Za-z.+~-]*");

    /**
     * Marks the parts just used (their folder's mtime is "last used") and removes parts nobody used for
     * {@link #UNUSED_PARTS_KEPT}. A VM starts through build(), so a part that old belongs to no running VM's
     * recent start; QEMU keeps its open files even then.
     */
    static void sweepUnused(Path dir, Pattern names, List<Path> used) {
        // Housekeeping: a folder it cannot mark or remove (another user's, after a sudo run) never fails a build.
        java.nio.file.attribute.FileTime now = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis());
        for (Path p : used) {
            try {
                Files.setLastModifiedTime(p, now);
            } catch (IOException e) {
                Ui.debug("could not mark %s as used: %s", p, e);
            }
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        long cutoff = System.currentTimeMillis() - UNUSED_PARTS_KEPT.toMillis();
        List<Path> entries;
        try (var s = Files.list(dir)) {
            entries = s.filter(p -> names.matcher(p.getFileName().toString()).matches()
                    && Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
        } catch (IOException e) {
            Ui.debug("could not list %s: %s", dir, e);
            return;
        }
        for (Path p : entries) {
            try {
                if (!used.contains(p) && Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    Ui.debug("removing a cached guest part unused for %d days: %s", UNUSED_PARTS_KEPT.toDays(), p);
                    KernelSource.deleteTree(p);
                }
            } catch (IOException e) {
                Ui.debug("could not remove %s: %s", p, e);
            }
        }
    }

    /**
     * Temp folders of builds that never finished (labs killed with -9, a power cut). An hour is far longer
     * than a cold build, so a folder that old belongs to nobody.
     */
    private static void removeAbandonedTemps(Path dir) throws IOException {
        long cutoff = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        try (var s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
                if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    Ui.debug("removing an abandoned build folder %s", p);
                    KernelSource.deleteTree(p);
                }
            }
        }
    }

    private static void writeKernel(KernelImage image, Path dir) throws IOException {
        if (image.isElf()) {
            if (!image.hasPvhEntry()) {
                throw LabsException.usage("the kernel is an ELF vmlinux without a PVH entry note, which QEMU "
                        + "cannot boot directly", "give the bzImage (vmlinuz) instead, or a kernel built with CONFIG_PVH=y");
            }
            Files.write(dir.resolve("vmlinux"), image.bytes());
            return;
        }
        if (image.payloadCompression() != KernelImage.Compression.UNSUPPORTED) {
            Ui.progress("decompressing the kernel (%s) so that the guest boots without doing it under TCG",
                    image.payloadCompression().name().toLowerCase());
            Path vmlinux = dir.resolve("vmlinux");
            try (OutputStream out = Files.newOutputStream(vmlinux)) {
                image.extractVmlinux(out);
            }
            if (KernelImage.read(vmlinux).hasPvhEntry()) {
                return;
            }
            Ui.progress("the kernel has no PVH entry note: booting the bzImage (slower under TCG)");
            Files.delete(vmlinux);
        }
        Files.write(dir.resolve("bzImage"), image.bytes());
    }

    private static void writeInitramfs(Path out, Path busybox, String initScript, Path modulesDir, String release,
                                       ModuleSets modules, String powerButton, boolean fastLoad) throws IOException {
        Ui.progress("writing the initramfs (busybox + %d kernel modules)", modules.size());
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
        for (List<KernelModules.Module> set : List.of(modules.boot(), modules.data(), modules.net(), modules.acpi())) {
            set.forEach(m -> dep.append(m.name()).append(".ko:\n"));
        }
        cpio.file("lib/modules/modules.dep", 0644, dep.toString().getBytes(StandardCharsets.UTF_8));
        // busybox acpid's default table maps the power button to CONFDIR/PWRF/00000080.
        cpio.dir("etc/acpi").dir("etc/acpi/PWRF");
        cpio.file("etc/acpi/PWRF/00000080", 0755, powerButton.getBytes(StandardCharsets.UTF_8));
        cpio.fifo("etc/acpi-go", 0600);
        try (OutputStream o = Files.newOutputStream(out)) {
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

    private static void writeRootDisk(Path image, Path busybox, Set<Path> files, String agentScript)
            throws IOException, InterruptedException {
        Ui.progress("making the read-only root disk (fio, sysstat, %d libraries, busybox, agent)",
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

    private static Path busybox() {
        for (String p : List.of("/bin/busybox", "/usr/bin/busybox")) {
            if (Files.isRegularFile(Path.of(p))) {
                return Path.of(p);
            }
        }
        throw new LabsException("busybox is not installed", "the guest's shell and tools are busybox-static",
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

    /**
     * A short hex key over some strings and files. Files count by path, size and modification time (a package
     * upgrade changes both), or by content when {@code content} is set (the kernel, whose path can stay the
     * same while its bytes change).
     */
    static String hash(List<String> strings, List<Path> files, boolean content) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String s : strings) {
            md.update(s.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
        for (Path f : files) {
            md.update(f.toString().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            if (content) {
                md.update(Files.readAllBytes(f));
            } else {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                md.update((a.size() + ":" + a.lastModifiedTime().toMillis()).getBytes(StandardCharsets.UTF_8));
            }
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }
}
