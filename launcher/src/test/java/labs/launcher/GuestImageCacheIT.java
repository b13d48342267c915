package labs.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.launcher.guest.GuestImage;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.guest.PartManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged guest image cache is built again, not booted as is: the real image is built into a cache of this
 * test's own (the kernel package unpacked in the user's cache is copied in, so nothing is downloaded twice),
 * its files are really truncated or overwritten, and a real guest must then boot under TCG.
 */
class GuestImageCacheIT {
    private static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    private Launcher launcher;

    @AfterEach
    void noQemuLeft() throws Exception {
        StoreTeardown.destroyAllAndCheck(launcher, tmp);
    }

    private GuestImageBuilder ownCache() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Path kernels = GuestImageBuilder.defaultCacheRoot().resolve("kernels");
        if (Files.isDirectory(kernels)) {
            ExecResult cp = HostRunner.INSTANCE.exec(List.of("cp", "-a", kernels.toString(), cache.toString()),
                    Duration.ofSeconds(120));
            assertTrue(cp.ok(), cp.tail(5));
        }
        return new GuestImageBuilder(cache);
    }

    private static void truncate(Path file, long length) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
    }

    private static void assertIntact(GuestImage img) {
        for (Path f : List.of(img.kernel(), img.initrd(), img.rootDisk())) {
            assertEquals(Optional.empty(), PartManifest.damage(f.getParent(), true), f + " as built");
        }
    }

    @Test
    void truncatedFilesAreBuiltAgainByTheNextBuild() throws Exception {
        GuestImageBuilder images = ownCache();
        GuestImage img = images.build(Optional.empty());
        assertIntact(img);
        long root = Files.size(img.rootDisk());
        long kernel = Files.size(img.kernel());
        truncate(img.rootDisk(), root / 2);
        truncate(img.kernel(), 4096);
        truncate(img.initrd(), 0);

        GuestImage again = images.build(Optional.empty());
        assertEquals(img.rootDisk(), again.rootDisk(), "same cache part, built again in place");
        assertEquals(root, Files.size(again.rootDisk()));
        assertEquals(kernel, Files.size(again.kernel()));
        assertIntact(again);
    }

    /** The unpacked kernel package the image is made from, cut short: its path and the command to fetch it again. */
    @Test
    void aTruncatedUnpackedKernelNamesItsFolder() throws Exception {
        GuestImageBuilder images = ownCache();
        Path kernels = tmp.resolve("cache/kernels");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(kernels),
                "needs the kernel package unpacked in the user's cache (a guest image built once)");
        // Every unpacked kernel image in the copied cache (older labs versions laid packages out differently, and
        // which folder the builder picks is its business): whichever it reads is cut short.
        List<Path> unpacked;
        try (var s = Files.walk(kernels)) {
            unpacked = s.filter(p -> p.getFileName().toString().matches("vmlinuz(-.*)?") && Files.isRegularFile(p))
                    .toList();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(!unpacked.isEmpty(),
                "the cached kernel is not an unpacked package");
        for (Path image : unpacked) {
            truncate(image, Files.size(image) / 2);
        }
        labs.common.LabsException e = org.junit.jupiter.api.Assertions.assertThrows(labs.common.LabsException.class,
                () -> images.build(Optional.empty()));
        Path vmlinuz = unpacked.stream().filter(p -> e.getMessage().contains(p + " is truncated or damaged"))
                .findFirst().orElseThrow(() -> new AssertionError("names none of " + unpacked + ": " + e.getMessage()));
        Path packageDir = kernels.resolve(kernels.relativize(vmlinuz).getName(0));
        assertEquals("remove the unpacked copy so that labs fetches the package again: rm -rf " + packageDir, e.fix());
    }

    @Test
    void aVmWhoseImageWasDamagedBootsOnARebuiltOne() throws Exception {
        GuestImageBuilder images = ownCache();
        launcher = new Launcher(tmp.resolve("data"), images, AccelProbe.TCG_ONLY);
        launcher.create(new VmSpec("img1", 1, List.of(), 256, 32, DiskFormat.RAW, CacheMode.NONE, AccelChoice.TCG,
                false));
        GuestImage img = images.build(Optional.empty());
        try (RunningVm vm = launcher.start("img1")) {
            assertEquals(0, vm.exec(List.of("true"), T).exitCode());
        }
        long root = Files.size(img.rootDisk());

        // Truncated after the VM booted from it: the image recorded in its definition is not used as is.
        truncate(img.rootDisk(), 1 << 20);
        try (RunningVm vm = launcher.start("img1")) {
            assertEquals(0, vm.exec(List.of("fio", "--version"), T).exitCode());
        }
        assertEquals(root, Files.size(img.rootDisk()));

        // Same size, other bytes (its squashfs superblock zeroed): only the boot failure shows it; the full hash
        // check then finds it, the part is built again and the second boot succeeds.
        try (RandomAccessFile f = new RandomAccessFile(img.rootDisk().toFile(), "rw")) {
            f.write(new byte[4096]);
        }
        try (RunningVm vm = launcher.start("img1")) {
            assertEquals(0, vm.exec(List.of("fio", "--version"), T).exitCode());
        }
        assertIntact(img);
        launcher.undefine("img1", true);
    }
}
