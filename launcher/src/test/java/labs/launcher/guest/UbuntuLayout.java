package labs.launcher.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import labs.common.ExecResult;
import labs.common.HostRunner;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Ubuntu's kernel packaging, rebuilt from a real Debian kernel because Ubuntu's packages cannot be fetched here:
 * a local apt repository (file:, trusted) with {@code linux-image-generic} depending on {@code linux-image-RELEASE}
 * (boot/vmlinuz-RELEASE mode 0600 and boot/config-RELEASE, no modules), and {@code linux-modules-RELEASE} with
 * the modules under lib/modules/RELEASE recompressed as .ko.zst, as Ubuntu 24.04 ships them. The kernel keeps
 * Debian 13's zstd payload, which is what Ubuntu uses too. What this does not reproduce: Ubuntu's own kernel
 * build, its module set and signing key.
 */
final class UbuntuLayout {
    private UbuntuLayout() {}

    /** Builds the repository in {@code repo} from {@code debian} (a cached kernel with its needed modules). */
    static void makeRepository(KernelSource.Kernel debian, Path repo, Path work) throws Exception {
        String r = debian.release();
        Files.createDirectories(repo);
        Path image = Files.createDirectories(work.resolve("image/boot"));
        Files.copy(debian.image(), image.resolve("vmlinuz-" + r));
        Files.setPosixFilePermissions(image.resolve("vmlinuz-" + r), PosixFilePermissions.fromString("rw-------"));
        Files.copy(debian.config(), image.resolve("config-" + r));
        build(work.resolve("image"), repo, "linux-image-" + r, "");
        Path modules = Files.createDirectories(work.resolve("modules/lib/modules/" + r));
        try (Stream<Path> s = Files.walk(debian.modulesDir())) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String rel = debian.modulesDir().relativize(f).toString();
                if (rel.endsWith(".ko.xz")) {
                    Path to = modules.resolve(rel.substring(0, rel.length() - 3) + ".zst");
                    Files.createDirectories(to.getParent());
                    try (InputStream in = new XZInputStream(Files.newInputStream(f));
                         OutputStream out = new ZstdCompressorOutputStream(Files.newOutputStream(to))) {
                        in.transferTo(out);
                    }
                } else {
                    Files.createDirectories(modules.resolve(rel).getParent());
                    Files.copy(f, modules.resolve(rel));
                }
            }
        }
        build(work.resolve("modules"), repo, "linux-modules-" + r, "");
        Files.createDirectories(work.resolve("meta"));
        build(work.resolve("meta"), repo, "linux-image-generic", "Depends: linux-image-" + r + "\n");
        writePackagesFile(repo);
    }

    private static void build(Path root, Path repo, String pkg, String extra) throws Exception {
        Files.createDirectories(root.resolve("DEBIAN"));
        Files.writeString(root.resolve("DEBIAN/control"), "Package: " + pkg + "\nVersion: 1.0\nArchitecture: amd64\n"
                + "Maintainer: labs tests <labs@localhost>\n" + extra
                + "Description: Ubuntu's kernel layout made from Debian files (labs test)\n");
        run("dpkg-deb", "--root-owner-group", "-Znone", "--build", root.toString(),
                repo.resolve(pkg + "_1.0_amd64.deb").toString());
    }

    /** The flat repository's Packages file: each package's control fields plus Filename, Size and SHA256. */
    private static void writePackagesFile(Path repo) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> s = Files.list(repo)) {
            for (Path deb : s.filter(p -> p.toString().endsWith(".deb")).sorted().toList()) {
                out.append(run("dpkg-deb", "-f", deb.toString()).stdout().strip()).append('\n')
                        .append("Filename: ./").append(deb.getFileName()).append('\n')
                        .append("Size: ").append(Files.size(deb)).append('\n')
                        .append("SHA256: ").append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(Files.readAllBytes(deb)))).append("\n\n");
            }
        }
        Files.writeString(repo.resolve("Packages"), out.toString());
    }

    /** apt reading only the local repository, its state in {@code state}; lists fetched now. */
    static AptSource apt(Path repo, Path state) throws Exception {
        Files.createDirectories(state);
        Path sources = Files.writeString(state.resolve("ubuntu-layout.list"),
                "deb [trusted=yes] file:" + repo.toAbsolutePath() + " ./\n");
        AptSource apt = AptSource.separate(sources, state, List.of("linux-image-amd64", "linux-image-generic"),
                "apt-kernel-package-ubuntu-layout");
        ExecResult u = HostRunner.INSTANCE.exec(apt.updateArgv(), Duration.ofMinutes(2));
        if (!u.ok()) {
            throw new IOException("apt-get update of the local repository failed: " + u.tail(5));
        }
        return apt;
    }

    private static ExecResult run(String... argv) throws Exception {
        ExecResult r = HostRunner.INSTANCE.exec(List.of(argv), Duration.ofMinutes(5));
        if (!r.ok()) {
            throw new IOException(String.join(" ", argv) + " failed: " + r.tail(5));
        }
        return r;
    }
}
