package labs.launcher.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a kernel's build config says about the modules the guest needs: a kernel whose config builds one of them
 * as a module ({@code =m}) cannot boot the guest without its module files, so labs stops with the places it
 * searched rather than booting a guest that fails with "no virtio disk".
 */
final class BootModules {
    /**
     * Module name to the config symbol that builds it: the modules every guest needs (root and data disk, agent
     * port). Left out: virtio_net and the power button's, which a guest can do without, and crc32c_generic,
     * whose CONFIG_CRYPTO_CRC32C newer kernels build under another module name.
     */
    static final Map<String, String> SYMBOLS = Map.of(
            "virtio_pci", "CONFIG_VIRTIO_PCI",
            "virtio_blk", "CONFIG_VIRTIO_BLK",
            "virtio_console", "CONFIG_VIRTIO_CONSOLE",
            "squashfs", "CONFIG_SQUASHFS",
            "ext4", "CONFIG_EXT4_FS");

    private BootModules() {}

    /** The names among {@code wanted} the config builds as modules; empty when the config is unknown. */
    static List<String> modularIn(Path config, List<String> wanted) throws IOException {
        List<String> out = new ArrayList<>();
        if (config == null || !Files.isReadable(config)) {
            return out;
        }
        List<String> lines = Files.readAllLines(config);
        for (String name : wanted) {
            String symbol = SYMBOLS.get(KernelModules.normalize(name));
            if (symbol != null && lines.stream().anyMatch(l -> l.strip().equals(symbol + "=m"))) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * Stops when a module labs loads is missing from the kernel's modules folder although its config builds it
     * as a module (a modules package only partly installed, such as Ubuntu's linux-modules-extra).
     */
    static void requireBuiltIn(KernelSource.Kernel kernel, List<String> notFound) throws IOException {
        List<String> modular = modularIn(kernel.config(), notFound);
        if (!modular.isEmpty()) {
            throw new labs.common.LabsException("the kernel " + kernel.release() + " builds "
                    + String.join(", ", modular) + " as modules, but " + kernel.modulesDir() + " has no such file",
                    "the guest cannot mount its disks without them (kernel from " + kernel.source() + ")",
                    "install the kernel's modules package (Ubuntu: linux-modules-extra-" + kernel.release()
                            + "), or give another kernel with --kernel PATH");
        }
    }
}
