package labs.launcher.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.Ui;

/**
 * Real Debian kernel packages of a given release, fetched by apt from deb.debian.org through that release's own
 * lists kept in the labs cache ({@code CACHE/apt/SUITE}), never through the host's apt setup. The lists are
 * fetched once; a kernel already unpacked in the cache is reused without any network, and a download that fails
 * because the lists went stale (a security update removed the version) refreshes them and tries once more.
 */
enum DebianKernels {
    DEBIAN_12_GENERIC("bookworm", "linux-image-amd64"),
    DEBIAN_13_GENERIC("trixie", "linux-image-amd64"),
    DEBIAN_13_CLOUD("trixie", "linux-image-cloud-amd64");

    final String suite;
    final String metaPackage;

    DebianKernels(String suite, String metaPackage) {
        this.suite = suite;
        this.metaPackage = metaPackage;
    }

    /** The cached kernel (image, config and the guest's modules in the package's own layout), fetched if need be. */
    KernelSource.Kernel fetch(Path cacheRoot) throws IOException, InterruptedException {
        AptSource apt = aptSource(cacheRoot);
        if (!hasLists(cacheRoot)) {
            update(apt);
        }
        KernelPackage pkg = new KernelPackage(cacheRoot, allModules(), apt, Ui.TERMINAL);
        try {
            return pkg.fetch("the test asks for Debian " + suite + "'s " + metaPackage);
        } catch (LabsException e) {
            update(apt);
            return pkg.fetch("the test asks for Debian " + suite + "'s " + metaPackage);
        }
    }

    /** The same list the builder fetches with, so that these tests and the labs share one cached kernel. */
    static List<String> allModules() {
        return GuestImageBuilder.kernelModules();
    }

    private boolean hasLists(Path cacheRoot) throws IOException {
        try (var s = Files.list(cacheRoot.resolve("apt").resolve(suite).resolve("lists"))) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith("_Packages")
                    || p.getFileName().toString().contains("_Packages."));
        }
    }

    private AptSource aptSource(Path cacheRoot) throws IOException {
        Path state = Files.createDirectories(cacheRoot.resolve("apt").resolve(suite));
        Path sources = state.resolve(suite + ".sources");
        String text = """
                Types: deb
                URIs: http://deb.debian.org/debian
                Suites: %1$s %1$s-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb
                URIs: http://deb.debian.org/debian-security
                Suites: %1$s-security
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
                """.formatted(suite);
        // Rewritten only when it changes: its modification time is part of the remembered package's stamp.
        if (!Files.isRegularFile(sources) || !Files.readString(sources).equals(text)) {
            Files.writeString(sources, text);
        }
        return AptSource.separate(sources, state, List.of(metaPackage), "apt-kernel-package-" + name());
    }

    private void update(AptSource apt) throws IOException, InterruptedException {
        ExecResult r = HostRunner.INSTANCE.exec(apt.updateArgv(), Duration.ofMinutes(5));
        if (!r.ok()) {
            throw new IOException("apt-get update for Debian " + suite + " failed: " + r.tail(5));
        }
    }
}
