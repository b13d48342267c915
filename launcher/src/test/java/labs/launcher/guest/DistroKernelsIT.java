package labs.launcher.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real kernels of more than one Debian release, each from its real package fetched by apt (see DebianKernels;
 * cached in the user's labs cache, so a second run fetches nothing), given to the builder as {@code --kernel}
 * (the cached folder keeps the package's layout: Debian 13's modules are .ko.xz under usr/lib/modules, its
 * bzImage payload is zstd; the cloud kernel has virtio_pci, virtio_console and ext4 built in), booted under TCG
 * with an ext4 data disk to the agent's ready, and fio run in the guest.
 */
class DistroKernelsIT {
    @ParameterizedTest
    @EnumSource(DebianKernels.class)
    void bootsToReadyAndRunsFio(DebianKernels which) throws Exception {
        Path cacheRoot = GuestImageBuilder.defaultCacheRoot();
        KernelSource.Kernel kernel = which.fetch(cacheRoot);
        GuestImage image = new GuestImageBuilder(cacheRoot).build(Optional.of(kernel.image()));
        assertEquals(kernel.release(), image.kernelRelease());
        assertTrue(image.kernelSource().contains("modules from " + kernel.modulesDir()), image.kernelSource());

        double ready = GuestFioBoot.bootToReadyAndRunFio(image, "kit-" + which.ordinal());
        System.out.printf("DistroKernelsIT: %s (%s) boot to ready %.2f s%n", which, kernel.release(), ready);
    }
}
