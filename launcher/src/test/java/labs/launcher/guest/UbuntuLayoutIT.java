package labs.launcher.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import labs.common.Ui;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package fallback on Ubuntu's layout (see UbuntuLayout: built from Debian 13's real kernel and modules, since
 * Ubuntu's packages cannot be fetched here): the image package has no modules, so linux-modules-RELEASE is
 * fetched too; its .ko.zst modules are found under lib/modules and decompressed into the initramfs; the 0600
 * vmlinuz in the package is read; the zstd payload is extracted; the guest boots to ready and runs fio.
 */
class UbuntuLayoutIT {
    @Test
    void separateModulesPackageWithZstdModulesBoots(@TempDir Path tmp) throws Exception {
        KernelSource.Kernel debian = DebianKernels.DEBIAN_13_GENERIC.fetch(GuestImageBuilder.defaultCacheRoot());
        UbuntuLayout.makeRepository(debian, tmp.resolve("repo"), tmp.resolve("work"));
        AptSource apt = UbuntuLayout.apt(tmp.resolve("repo"), tmp.resolve("apt"));

        // The host's running kernel cannot be used (no vmlinuz here), so the package fallback runs.
        Path host = tmp.resolve("host");
        Files.createDirectories(host.resolve("proc/sys/kernel"));
        Files.writeString(host.resolve("proc/sys/kernel/osrelease"), debian.release() + "\n");
        Path cache = tmp.resolve("cache");
        KernelSource.Kernel k = new KernelSource(cache, DebianKernels.allModules(), host, apt, Ui.TERMINAL).find(Optional.empty());
        assertTrue(k.source().contains("the distro package linux-image-" + debian.release()), k.source());
        assertEquals(k.image().getParent().getParent().resolve("lib/modules/" + debian.release()), k.modulesDir());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(k.image()));
        List<String> zst = new ArrayList<>();
        try (Stream<Path> s = Files.walk(k.modulesDir())) {
            s.filter(p -> p.toString().endsWith(".ko.zst")).forEach(p -> zst.add(p.getFileName().toString()));
        }
        assertTrue(zst.contains("virtio_blk.ko.zst") && zst.contains("squashfs.ko.zst"), zst.toString());

        GuestImage image = new GuestImageBuilder(GuestImageBuilder.defaultCacheRoot()).build(Optional.of(k.image()));
        double ready = GuestFioBoot.bootToReadyAndRunFio(image, "kit-ubuntu");
        System.out.printf("UbuntuLayoutIT: %s from linux-modules-%s (.ko.zst) boot to ready %.2f s%n",
                k.release(), k.release(), ready);
    }
}
