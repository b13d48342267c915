package labs.launcher.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.ToolPath;
import labs.common.Ui;

/**
 * Finds the guest kernel and its modules, in the order the issue asks for: the user's --kernel, else the running
 * kernel when its image is readable and its modules are installed, else the distro's kernel package fetched with
 * {@code apt-get download} and unpacked with {@code dpkg-deb -x} (neither needs root).
 */
final class KernelSource {
    /** What was chosen: the kernel file, its modules folder (lib/modules/RELEASE, or null), and why. */
    /** @param config the kernel's build config (config-RELEASE), or null when not found */
    record Kernel(Path image, Path modulesDir, String release, String source, Path config) {}

    /** Bump when what a cached kernel folder keeps changes (now: vmlinuz, config, the needed modules). */
    private static final int CACHE_LAYOUT = 2;
    private static final List<String> META_PACKAGES = List.of("linux-image-amd64", "linux-image-generic");
    private static final Pattern DEPENDS = Pattern.compile("Depends:\\s*(linux-image-[0-9][^\\s<>]*)");

    private final Path cacheRoot;
    private final List<String> neededModules;

    KernelSource(Path cacheRoot, List<String> neededModules) {
        this.cacheRoot = cacheRoot;
        this.neededModules = neededModules;
    }

    Kernel find(Optional<Path> override) throws IOException, InterruptedException {
        if (override.isPresent()) {
            return fromOverride(override.get());
        }
        String running = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        Path vmlinuz = Path.of("/boot/vmlinuz-" + running);
        Path modules = Path.of("/lib/modules", running);
        String why;
        if (!Files.exists(vmlinuz)) {
            why = "the running kernel " + running + " has no /boot/vmlinuz-" + running;
        } else if (!Files.isReadable(vmlinuz)) {
            why = "/boot/vmlinuz-" + running + " is not readable (Ubuntu installs it mode 0600, root only)";
        } else if (!Files.isDirectory(modules.resolve("kernel"))) {
            why = "the running kernel's modules are not in " + modules;
        } else {
            return new Kernel(vmlinuz, modules, running, "the running kernel (" + vmlinuz + ")",
                    existing(Path.of("/boot/config-" + running)));
        }
        return fromDistroPackage(why);
    }

    private Kernel fromOverride(Path image) throws IOException {
        if (!Files.isReadable(image)) {
            throw LabsException.usage("--kernel " + labs.common.Echo.of(image) + " is not a readable file",
                    "give the path of a bzImage (vmlinuz) or vmlinux");
        }
        KernelImage k = KernelImage.read(image);
        if (!k.isBzImage() && !k.isElf()) {
            throw LabsException.usage("--kernel " + labs.common.Echo.of(image) + " is neither a bzImage nor an ELF vmlinux",
                    "give the path of a bzImage (vmlinuz) or vmlinux");
        }
        String release = k.release().orElseThrow(() -> LabsException.usage(
                "cannot read the kernel release from " + image, "give a Linux kernel image"));
        Path parent = image.toAbsolutePath().getParent();
        Path config = existing(parent.resolve("config-" + release));
        if (config == null) {
            config = existing(Path.of("/boot/config-" + release));
        }
        for (Path m : List.of(Path.of("/lib/modules", release), parent.resolve("../lib/modules/" + release),
                parent.resolve("lib/modules/" + release))) {
            if (Files.isDirectory(m.resolve("kernel"))) {
                return new Kernel(image, m.normalize(), release,
                        "--kernel " + image + " (modules from " + m.normalize() + ")", config);
            }
        }
        return new Kernel(image, null, release, "--kernel " + image + " (no modules found for " + release
                + ": virtio, squashfs and ext4 must be built in)", config);
    }

    private Kernel fromDistroPackage(String why) throws IOException, InterruptedException {
        String pkg = distroKernelPackage(why);
        String release = pkg.substring("linux-image-".length());
        // Only the modules the guest loads are kept, so the folder is named after that list too: a labs version
        // that loads more modules unpacks the package again instead of finding them missing.
        Path dir = cacheRoot.resolve("kernels").resolve(pkg + "-"
                + Integer.toHexString(Objects.hash(neededModules, CACHE_LAYOUT)));
        if (!Files.isRegularFile(dir.resolve(".complete"))) {
            download(pkg, release, dir);
        }
        return new Kernel(dir.resolve("vmlinuz"), dir.resolve("modules"), release,
                "the distro package " + pkg + " (apt-get download, cached in " + dir + "), because " + why,
                existing(dir.resolve("config")));
    }

    /**
     * The versioned kernel package the distro's meta package points at. Asking apt-cache costs ~0.7 s, most of
     * a warm build, so the answer is remembered together with the apt lists' modification time (apt-get update
     * changes it, and then the question is asked again).
     */
    private String distroKernelPackage(String why) throws IOException, InterruptedException {
        Path memo = cacheRoot.resolve("kernels").resolve("apt-kernel-package");
        String stamp = aptListsStamp();
        if (Files.isRegularFile(memo)) {
            String[] kv = Files.readString(memo).strip().split(" ");
            if (kv.length == 2 && kv[0].equals(stamp)) {
                return kv[1];
            }
        }
        String pkg = askAptCache(why);
        Files.createDirectories(memo.getParent());
        Path tmp = Files.createTempFile(memo.getParent(), ".memo", "");
        Files.writeString(tmp, stamp + " " + pkg + "\n");
        Files.move(tmp, memo, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return pkg;
    }

    private static String aptListsStamp() throws IOException {
        long newest = 0;
        for (String p : List.of("/var/lib/apt/lists", "/var/cache/apt/pkgcache.bin", "/etc/apt/sources.list",
                "/etc/apt/sources.list.d")) {
            Path path = Path.of(p);
            if (Files.exists(path)) {
                newest = Math.max(newest, Files.getLastModifiedTime(path).toMillis());
            }
        }
        return Long.toString(newest);
    }

    private String askAptCache(String why) throws IOException, InterruptedException {
        if (HostRunner.which("apt-cache") == null) {
            throw new LabsException("no guest kernel: " + why + ", and this is not a Debian/Ubuntu system",
                    "labs fetches a distro kernel with apt-get when the running one cannot be used",
                    "give a kernel image with --kernel PATH");
        }
        for (String meta : META_PACKAGES) {
            ExecResult r = HostRunner.INSTANCE.exec(List.of("apt-cache", "depends", meta), Duration.ofSeconds(60));
            Matcher m = DEPENDS.matcher(r.stdout());
            if (r.ok() && m.find()) {
                return m.group(1);
            }
        }
        throw new LabsException("no guest kernel: " + why + ", and apt knows no kernel package",
                "neither " + String.join(" nor ", META_PACKAGES) + " is in the apt lists",
                "apt-get update   (or give a kernel image with --kernel PATH)");
    }

    /**
     * Downloads and unpacks the kernel package, then keeps only the image and the modules the guest loads
     * (the whole package unpacks to ~400 MB). Built in a temp folder renamed at the end, so an interrupted
     * download leaves nothing that looks complete.
     */
    private void download(String pkg, String release, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), ".tmp-" + pkg + "-");
        try {
            Ui.progress("downloading the guest kernel: apt-get download %s (~70 MB)", pkg);
            ExecResult r = runIn(tmp, List.of("apt-get", "download", pkg));
            List<Path> debs = list(tmp, ".deb");
            if (!r.ok() || debs.isEmpty()) {
                throw new LabsException("apt-get download " + pkg + " failed", r.tail(3),
                        "apt-get update   (then run again; or give a kernel with --kernel PATH)");
            }
            Path x = tmp.resolve("x");
            Ui.progress("unpacking %s with dpkg-deb -x", debs.get(0).getFileName());
            dpkgExtract(debs.get(0), x);
            Path modules = x.resolve("lib/modules/" + release);
            if (!Files.isDirectory(modules.resolve("kernel"))) {
                // Ubuntu ships the modules in a separate package.
                String modPkg = "linux-modules-" + release;
                ExecResult m = runIn(tmp, List.of("apt-get", "download", modPkg));
                List<Path> more = list(tmp, ".deb").stream().filter(p -> p.getFileName().toString()
                        .startsWith(modPkg + "_")).toList();
                if (!m.ok() || more.isEmpty()) {
                    throw new LabsException("the kernel package " + pkg + " has no modules and " + modPkg
                            + " could not be downloaded", m.tail(3), "apt-get update   (or give --kernel PATH)");
                }
                dpkgExtract(more.get(0), x);
            }
            Path image = x.resolve("boot/vmlinuz-" + release);
            if (!Files.isRegularFile(image)) {
                throw LabsException.failed("the kernel package " + pkg + " has no boot/vmlinuz-" + release,
                        "unexpected package layout", null);
            }
            Path keep = Files.createDirectories(tmp.resolve("keep"));
            Files.move(image, keep.resolve("vmlinuz"));
            Path config = x.resolve("boot/config-" + release);
            if (Files.isRegularFile(config)) {
                Files.move(config, keep.resolve("config"));
            }
            KernelModules all = KernelModules.open(modules);
            List<String> missing = new ArrayList<>();
            for (KernelModules.Module mod : all.loadOrder(neededModules, missing)) {
                Path to = keep.resolve("modules").resolve(mod.relPath());
                Files.createDirectories(to.getParent());
                Files.move(modules.resolve(mod.relPath()), to);
            }
            Files.createDirectories(keep.resolve("modules/kernel"));
            Files.writeString(keep.resolve(".complete"), pkg + "\n");
            try {
                Files.move(keep, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // another labs process unpacked the same package meanwhile: keep its copy
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** apt-get download writes into the current folder, which HostRunner does not set: run it here. */
    private static ExecResult runIn(Path dir, List<String> argv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new ExecResult(argv, p.waitFor(), out, "");
    }

    private static void dpkgExtract(Path deb, Path into) throws IOException, InterruptedException {
        ExecResult r = HostRunner.INSTANCE.exec(List.of("dpkg-deb", "-x", ToolPath.of(deb), ToolPath.of(into)),
                Duration.ofMinutes(10));
        if (!r.ok()) {
            throw LabsException.failed("dpkg-deb -x " + deb.getFileName() + " failed", r.tail(3), null);
        }
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static Path existing(Path p) { return Files.isRegularFile(p) ? p : null; }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
