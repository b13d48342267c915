package labs.launcher.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import labs.common.LabsException;
import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;
import labs.common.i18n.VmText;
import labs.common.Progress;

/**
 * Finds the guest kernel and its modules, in the order the issue asks for: the user's --kernel, else the running
 * kernel when its image is readable and its modules are installed, else the distro's kernel package (see
 * {@link KernelPackage}). Modules are looked for wherever distributions put them ({@link ModuleDirs}).
 */
final class KernelSource {
    /**
     * What was chosen: the kernel file, its modules folder (…/modules/RELEASE, or null), and why.
     *
     * @param config the kernel's build config (config-RELEASE), or null when not found
     */
    record Kernel(Path image, Path modulesDir, String release, String source, Path config) {}

    private final Path cacheRoot;
    private final List<String> neededModules;
    private final Path hostRoot;
    private final AptSource apt;
    private final Progress out;

    KernelSource(Path cacheRoot, List<String> neededModules, Progress out) {
        this(cacheRoot, neededModules, Path.of("/"), AptSource.host(), out);
    }

    /**
     * @param hostRoot where the running kernel's files are looked for ({@code /} but in tests): its
     *                 proc/sys/kernel/osrelease, boot/vmlinuz-RELEASE and modules
     * @param apt the apt that fetches the distro package when the running kernel cannot be used
     * @param out where a download and its unpacking are reported
     */
    KernelSource(Path cacheRoot, List<String> neededModules, Path hostRoot, AptSource apt, Progress out) {
        this.out = out;
        this.cacheRoot = cacheRoot;
        this.neededModules = neededModules;
        this.hostRoot = hostRoot;
        this.apt = apt;
    }

    Kernel find(Optional<Path> override) throws IOException, InterruptedException {
        if (override.isPresent()) {
            return fromOverride(override.get());
        }
        String running = Files.readString(hostRoot.resolve("proc/sys/kernel/osrelease")).strip();
        Path vmlinuz = hostRoot.resolve("boot/vmlinuz-" + running);
        ModuleDirs.Search modules = ModuleDirs.find(List.of(hostRoot), running);
        String why;
        if (!Files.exists(vmlinuz)) {
            why = Msg.get(VmText.KERNEL_NO_VMLINUZ, running, vmlinuz);
        } else if (!Files.isReadable(vmlinuz)) {
            why = Msg.get(VmText.KERNEL_VMLINUZ_UNREADABLE, vmlinuz);
        } else if (modules.found().isEmpty()) {
            why = Msg.get(VmText.KERNEL_NO_MODULES, modules.searchedText());
        } else {
            Path config = hostRoot.resolve("boot/config-" + running);
            return new Kernel(vmlinuz, modules.found().get(), running, Msg.get(VmText.KERNEL_RUNNING, vmlinuz),
                    Files.isRegularFile(config) ? config : null);
        }
        return new KernelPackage(cacheRoot, neededModules, apt, out).fetch(why);
    }

    private Kernel fromOverride(Path image) throws IOException {
        if (!Files.isReadable(image)) {
            throw LabsException.usage(Msg.get(LauncherText.KS_NOT_READABLE, labs.common.Echo.of(image)),
                    Msg.get(LauncherText.KS_FIX));
        }
        KernelImage k = KernelImage.read(image);
        if (!k.isBzImage() && !k.isElf()) {
            throw LabsException.usage(Msg.get(LauncherText.KS_NOT_KERNEL, labs.common.Echo.of(image)),
                    Msg.get(LauncherText.KS_FIX));
        }
        String release = k.release().orElseThrow(() -> LabsException.usage(
                "cannot read the kernel release from " + image, "give a Linux kernel image"));
        Path parent = image.toAbsolutePath().getParent();
        Path config = existing(parent.resolve("config-" + release));
        if (config == null) {
            config = existing(hostRoot.resolve("boot/config-" + release));
        }
        // The host's installed modules, then a tree beside the image: an unpacked package (boot/ next to lib/ or
        // usr/lib/) or a folder holding both.
        ModuleDirs.Search search = ModuleDirs.find(parent.getParent() == null ? List.of(hostRoot, parent)
                : List.of(hostRoot, parent.getParent(), parent), release);
        if (search.found().isPresent()) {
            Path m = search.found().get();
            return new Kernel(image, m, release, Msg.get(VmText.KERNEL_GIVEN, image, m), config);
        }
        List<String> modular = BootModules.modularIn(config, neededModules);
        if (!modular.isEmpty()) {
            throw LabsException.usage("no modules found for --kernel " + image + " (" + release + "), and its config "
                    + config + " builds " + String.join(", ", modular) + " as modules; searched: "
                    + search.searchedText(), "unpack the kernel's package next to it, e.g. dpkg-deb -x "
                    + "linux-image-" + release + "_*.deb DIR, then --kernel DIR/boot/vmlinuz-" + release
                    + " (its modules go to DIR/lib/modules or DIR/usr/lib/modules)");
        }
        return new Kernel(image, null, release, Msg.get(VmText.KERNEL_GIVEN_NO_MODULES, image, release,
                search.searchedText()), config);
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
