package labs.launcher.vm;

import java.nio.file.Path;

/**
 * Which guest image (kernel, initramfs, read-only root disk from the image cache) a VM booted from last; the
 * definition keeps it so that dumpxml can name real files, as virt-install records the installed kernel.
 */
public record ImageRef(Path kernel, Path initrd, Path rootDisk, String kernelRelease, String kernelSource,
                       String cmdline, String machine) {}
