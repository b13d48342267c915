package labs.launcher.guest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import labs.common.LabsException;
import labs.common.Progress;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/**
 * Modules wherever distributions put them, in every compression the kernel supports, from a real Debian 13 module
 * (crc16-6.12.118.ko.xz, see fixtures/guest/README.md) recompressed here the way other distributions ship them.
 */
class ModuleLayoutsTest {
    private static final String RELEASE = "6.12.118+deb13-amd64";

    static byte[] realModule() throws Exception {
        try (XZInputStream in = new XZInputStream(new ByteArrayInputStream(Fixtures.bytes("crc16-6.12.118.ko.xz")))) {
            return in.readAllBytes();
        }
    }

    private static byte[] compress(byte[] data, String suffix) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream out = switch (suffix) {
            case ".zst" -> new ZstdCompressorOutputStream(b);
            case ".gz" -> new GZIPOutputStream(b);
            default -> b;
        }) {
            out.write(data);
        }
        return b.toByteArray();
    }

    /** boot/vmlinuz-RELEASE as in the package (a small stand-in bzImage; its payload is zstd like Debian 13's). */
    private static Path kernelTree(Path root) throws Exception {
        Files.createDirectories(root.resolve("boot"));
        return Files.write(root.resolve("boot/vmlinuz-" + RELEASE), ZstdPayloadTest.bzImageZstd(RELEASE));
    }

    @Test
    void aMergedUsrPackageTreeGivenWithKernelFindsItsXzModules(@TempDir Path dir) throws Exception {
        Path image = kernelTree(dir.resolve("pkg"));
        Fixtures.copyTo("crc16-6.12.118.ko.xz", dir.resolve("pkg/usr/lib/modules/" + RELEASE + "/kernel/lib/crc16.ko.xz"));
        KernelSource.Kernel k = new KernelSource(dir.resolve("cache"), List.of("crc16"), dir.resolve("host"),
                AptSource.host(), Progress.SILENT).find(Optional.of(image));
        assertEquals(dir.resolve("pkg/usr/lib/modules/" + RELEASE), k.modulesDir());
        List<String> missing = new ArrayList<>();
        List<KernelModules.Module> order = KernelModules.open(k.modulesDir()).loadOrder(List.of("crc16"), missing);
        assertEquals(List.of(new KernelModules.Module("crc16", "kernel/lib/crc16.ko.xz")), order);
        assertTrue(missing.isEmpty());
        assertArrayEquals(realModule(), KernelModules.readModule(k.modulesDir().resolve(order.get(0).relPath())));
    }

    @Test
    void everyCompressionReadsBackToTheSameModule(@TempDir Path dir) throws Exception {
        byte[] ko = realModule();
        for (String suffix : List.of("", ".xz", ".zst", ".gz")) {
            Path mods = dir.resolve("c" + suffix + "/lib/modules/" + RELEASE);
            Path file = mods.resolve("kernel/lib/crc16.ko" + suffix);
            Files.createDirectories(file.getParent());
            Files.write(file, suffix.equals(".xz") ? Fixtures.bytes("crc16-6.12.118.ko.xz") : compress(ko, suffix));
            List<KernelModules.Module> order = KernelModules.open(mods).loadOrder(List.of("crc16"), new ArrayList<>());
            assertEquals(1, order.size(), suffix);
            byte[] read = KernelModules.readModule(mods.resolve(order.get(0).relPath()));
            assertArrayEquals(ko, read, suffix);
            String modinfo = new String(Elf.parse(read).section(".modinfo").orElseThrow(), StandardCharsets.US_ASCII);
            assertTrue(modinfo.contains("name=crc16"), suffix);
        }
    }

    @Test
    void theRunningKernelsModulesAreFoundUnderUsrLibToo(@TempDir Path host) throws Exception {
        Files.createDirectories(host.resolve("proc/sys/kernel"));
        Files.writeString(host.resolve("proc/sys/kernel/osrelease"), RELEASE + "\n");
        kernelTree(host);
        Fixtures.copyTo("crc16-6.12.118.ko.xz", host.resolve("usr/lib/modules/" + RELEASE + "/kernel/lib/crc16.ko.xz"));
        KernelSource.Kernel k = new KernelSource(host.resolve("cache"), List.of("crc16"), host, AptSource.host(), Progress.SILENT)
                .find(Optional.empty());
        assertEquals(host.resolve("usr/lib/modules/" + RELEASE), k.modulesDir());
        assertTrue(k.source().startsWith("the running kernel"), k.source());
    }

    @Test
    void noModulesForAKernelThatNeedsThemNamesEveryPlaceSearched(@TempDir Path dir) throws Exception {
        Path image = kernelTree(dir.resolve("pkg"));
        Files.writeString(dir.resolve("pkg/boot/config-" + RELEASE), "CONFIG_VIRTIO_PCI=y\nCONFIG_VIRTIO_BLK=m\n"
                + "CONFIG_SQUASHFS=m\n# CONFIG_MODULE_SIG_FORCE is not set\n");
        Path host = dir.resolve("host");
        LabsException e = assertThrows(LabsException.class, () -> new KernelSource(dir.resolve("cache"),
                GuestImageBuilder.MODULES, host, AptSource.host(), Progress.SILENT).find(Optional.of(image)));
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        String msg = e.getMessage();
        assertTrue(msg.contains("virtio_blk, squashfs"), msg);
        for (Path searched : List.of(host.resolve("lib/modules/" + RELEASE), host.resolve("usr/lib/modules/" + RELEASE),
                dir.resolve("pkg/lib/modules/" + RELEASE), dir.resolve("pkg/usr/lib/modules/" + RELEASE),
                dir.resolve("pkg/boot/lib/modules/" + RELEASE), dir.resolve("pkg/boot/usr/lib/modules/" + RELEASE))) {
            assertTrue(msg.contains(searched.toString()), searched + " not in: " + msg);
        }
        assertTrue(e.fix().contains("dpkg-deb -x"), e.fix());
    }

    @Test
    void aKernelWithEverythingBuiltInNeedsNoModules(@TempDir Path dir) throws Exception {
        Path image = kernelTree(dir.resolve("pkg"));
        Files.writeString(dir.resolve("pkg/boot/config-" + RELEASE), "CONFIG_VIRTIO_PCI=y\nCONFIG_VIRTIO_BLK=y\n"
                + "CONFIG_VIRTIO_CONSOLE=y\nCONFIG_SQUASHFS=y\n");
        KernelSource.Kernel k = new KernelSource(dir.resolve("cache"), GuestImageBuilder.MODULES, dir.resolve("host"),
                AptSource.host(), Progress.SILENT).find(Optional.of(image));
        assertEquals(null, k.modulesDir());
        assertTrue(k.source().contains(dir.resolve("pkg/usr/lib/modules/" + RELEASE).toString()), k.source());
    }

    @Test
    void aModuleTheConfigBuildsButTheFolderLacksStopsTheBuild(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("config"), "CONFIG_SQUASHFS=m\nCONFIG_VIRTIO_BLK=y\n");
        KernelSource.Kernel k = new KernelSource.Kernel(dir.resolve("vmlinuz"), dir.resolve("modules"), RELEASE,
                "test", config);
        BootModules.requireBuiltIn(k, List.of("virtio_blk"));
        LabsException e = assertThrows(LabsException.class,
                () -> BootModules.requireBuiltIn(k, List.of("virtio_blk", "squashfs")));
        assertTrue(e.getMessage().contains("builds squashfs as modules"), e.getMessage());
        assertTrue(e.fix().contains("linux-modules-extra-" + RELEASE), e.fix());
    }
}
