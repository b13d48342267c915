package labs.launcher.guest;

import labs.common.i18n.ProgressText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.i18n.LauncherText;
import labs.common.i18n.VmText;
import labs.common.i18n.Msg;
import labs.common.Progress;

/**
 * The distro's kernel package, fetched with {@code apt-get download} and unpacked with {@code dpkg-deb -x}
 * (neither needs root), cut down to what the guest uses and cached. The cached folder keeps the package's own
 * layout ({@code boot/vmlinuz-RELEASE}, {@code boot/config-RELEASE}, the needed modules under
 * {@code lib/modules/RELEASE} or {@code usr/lib/modules/RELEASE}), so it is also a valid {@code --kernel} tree.
 * Ubuntu ships the modules in a separate {@code linux-modules-RELEASE} package: it is fetched when the image
 * package has none.
 */
final class KernelPackage {
    /** Bump when what a cached kernel folder keeps changes (3: the package's own layout). */
    private static final int CACHE_LAYOUT = 3;
    private static final Pattern DEPENDS = Pattern.compile("Depends:\\s*(linux-image-[0-9][^\\s<>]*)");

    private final Path kernels;
    private final List<String> neededModules;
    private final AptSource apt;
    private final Progress out;

    KernelPackage(Path cacheRoot, List<String> neededModules, AptSource apt, Progress out) {
        this.out = out;
        this.kernels = cacheRoot.resolve("kernels");
        this.neededModules = neededModules;
        this.apt = apt;
    }

    /** The cached (fetched now if need be) kernel of the distro's package; {@code why} says why it is used. */
    KernelSource.Kernel fetch(String why) throws IOException, InterruptedException {
        String pkg = packageName(why);
        String release = pkg.substring("linux-image-".length());
        // Only the modules the guest loads are kept, so the folder is named after that list too: a labs version
        // that loads more modules unpacks the package again instead of finding them missing.
        Path dir = kernels.resolve(pkg + "-" + Integer.toHexString(Objects.hash(neededModules, CACHE_LAYOUT)));
        if (!Files.isRegularFile(dir.resolve(".complete"))) {
            download(pkg, release, dir);
        }
        Path modules = ModuleDirs.find(List.of(dir), release).found().orElse(null);
        Path config = dir.resolve("boot/config-" + release);
        return new KernelSource.Kernel(dir.resolve("boot/vmlinuz-" + release), modules, release,
                labs.common.i18n.Msg.get(labs.common.i18n.VmText.KERNEL_DISTRO, pkg, dir, why),
                Files.isRegularFile(config) ? config : null);
    }

    /**
     * The versioned kernel package the meta package points at. Asking apt-cache costs ~0.7 s, most of a warm
     * build, so the answer is remembered with the apt lists' modification time (apt-get update changes it).
     */
    private String packageName(String why) throws IOException, InterruptedException {
        Path memo = kernels.resolve(apt.memoName());
        String stamp = apt.stamp();
        if (Files.isRegularFile(memo)) {
            String[] kv = Files.readString(memo).strip().split(" ");
            if (kv.length == 2 && kv[0].equals(stamp)) {
                return kv[1];
            }
        }
        String pkg = askAptCache(why);
        Files.createDirectories(kernels);
        Path tmp = Files.createTempFile(kernels, ".memo", "");
        Files.writeString(tmp, stamp + " " + pkg + "\n");
        Files.move(tmp, memo, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return pkg;
    }

    private String askAptCache(String why) throws IOException, InterruptedException {
        if (HostRunner.which("apt-cache") == null) {
            throw new LabsException(Msg.get(LauncherText.KP_NOT_DEBIAN, why), Msg.get(LauncherText.KP_NOT_DEBIAN_WHY),
                    Msg.get(LauncherText.KP_GIVE_KERNEL));
        }
        for (String meta : apt.metaPackages()) {
            ExecResult r = HostRunner.INSTANCE.exec(apt.argv("apt-cache", "depends", meta), Duration.ofSeconds(60));
            Matcher m = DEPENDS.matcher(r.stdout());
            if (r.ok() && m.find()) {
                return m.group(1);
            }
        }
        throw new LabsException(Msg.get(LauncherText.KP_NO_PACKAGE, why),
                Msg.get(LauncherText.KP_NO_PACKAGE_WHY, apt.metaPackages().stream()
                        .reduce((x, y) -> Msg.get(LauncherText.KP_NOR, x, y)).orElse("")),
                Msg.get(LauncherText.KP_NO_PACKAGE_FIX));
    }

    /**
     * Downloads and unpacks the kernel package, then keeps only the image, its config and the modules the guest
     * loads (the whole package unpacks to 100-400 MB). Built in a temp folder renamed at the end, so an
     * interrupted download leaves nothing that looks complete.
     */
    private void download(String pkg, String release, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(kernels);
        Path tmp = Files.createTempDirectory(kernels, ".tmp-" + pkg + "-");
        try {
            Path x = tmp.resolve("x");
            unpack(tmp, pkg, x, "(~40-110 MB)");
            ModuleDirs.Search found = ModuleDirs.find(List.of(x), release);
            if (found.found().isEmpty()) {
                // Ubuntu ships the modules in a separate package.
                String modPkg = "linux-modules-" + release;
                Optional<String> failure = tryUnpack(tmp, modPkg, x);
                ModuleDirs.Search again = ModuleDirs.find(List.of(x), release);
                if (again.found().isEmpty()) {
                    throw new LabsException("the kernel package " + pkg + " has no modules (searched "
                            + relative(x, found) + " in it) and " + failure.map(f -> modPkg
                            + " could not be downloaded: " + f).orElse(modPkg + " has none either"),
                            "the guest needs virtio and squashfs modules: " + neededModules,
                            "apt-get update   (or give a kernel with --kernel PATH)");
                }
                found = again;
            }
            keep(x, found.found().get(), release, tmp.resolve("keep"), pkg);
            try {
                Files.move(tmp.resolve("keep"), dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // another labs process unpacked the same package meanwhile: keep its copy
            }
        } finally {
            KernelSource.deleteTree(tmp);
        }
    }

    private static String relative(Path root, ModuleDirs.Search s) {
        return String.join(", ", s.searched().stream().map(p -> root.relativize(p).toString()).toList());
    }

    private void unpack(Path tmp, String pkg, Path into, String size) throws IOException, InterruptedException {
        out.progress(ProgressText.KERNEL_DOWNLOAD, pkg, size.isEmpty() ? "" : " " + size);
        ExecResult r = runIn(tmp, apt.argv("apt-get", "download", pkg));
        Optional<Path> deb = debOf(tmp, pkg);
        if (!r.ok() || deb.isEmpty()) {
            throw new LabsException(Msg.get(LauncherText.COMMAND_FAILED, "apt-get download " + pkg), r.tail(3),
                    Msg.get(LauncherText.KP_DOWNLOAD_FIX));
        }
        out.progress(ProgressText.KERNEL_UNPACK, deb.get().getFileName());
        dpkgExtract(deb.get(), into);
    }

    /** Like unpack, but returns why it failed instead of throwing. */
    private Optional<String> tryUnpack(Path tmp, String pkg, Path into) throws IOException, InterruptedException {
        try {
            unpack(tmp, pkg, into, "");
            return Optional.empty();
        } catch (LabsException e) {
            return Optional.of(e.getMessage() + (e.why() == null ? "" : ": " + e.why()));
        }
    }

    /** Moves what the guest uses from the unpacked tree x into keep, at the same relative paths. */
    private void keep(Path x, Path modules, String release, Path keep, String pkg) throws IOException {
        Path image = x.resolve("boot/vmlinuz-" + release);
        if (!Files.isRegularFile(image)) {
            throw LabsException.failed(Msg.get(LauncherText.KP_NO_VMLINUZ, pkg, release),
                    Msg.get(LauncherText.KP_LAYOUT), null);
        }
        Files.createDirectories(keep.resolve("boot"));
        Files.move(image, keep.resolve("boot/vmlinuz-" + release));
        Path config = x.resolve("boot/config-" + release);
        if (Files.isRegularFile(config)) {
            Files.move(config, keep.resolve("boot/config-" + release));
        }
        Path keptModules = keep.resolve(x.relativize(modules));
        KernelModules all = KernelModules.open(modules);
        for (KernelModules.Module mod : all.loadOrder(neededModules, new ArrayList<>())) {
            Path to = keptModules.resolve(mod.relPath());
            Files.createDirectories(to.getParent());
            Files.move(modules.resolve(mod.relPath()), to);
        }
        Files.createDirectories(keptModules.resolve("kernel"));
        Path builtin = modules.resolve("modules.builtin");
        if (Files.isRegularFile(builtin)) {
            Files.move(builtin, keptModules.resolve("modules.builtin"));
        }
        Files.writeString(keep.resolve(".complete"), pkg + "\n");
    }

    private static Optional<Path> debOf(Path dir, String pkg) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(pkg + "_")
                    && p.getFileName().toString().endsWith(".deb")).sorted().findFirst();
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
        ExecResult r = HostRunner.INSTANCE.exec(List.of("dpkg-deb", "-x", labs.common.ToolPath.of(deb),
                labs.common.ToolPath.of(into)),
                Duration.ofMinutes(10));
        if (!r.ok()) {
            throw LabsException.failed(Msg.get(LauncherText.COMMAND_FAILED, "dpkg-deb -x " + deb.getFileName()), r.tail(3),
                    null);
        }
    }
}
