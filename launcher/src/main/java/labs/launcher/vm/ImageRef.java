package labs.launcher.vm;

import java.nio.file.Path;
import labs.launcher.guest.GuestImage;

/**
 * Which guest image (kernel, initramfs, read-only root disk from the image cache) a VM booted from last; the
 * definition keeps it so that dumpxml can name real files, as virt-install records the installed kernel.
 * cmdline and machine record what that boot's {@link labs.launcher.MachineSpec} had; nothing reads them back.
 */
public record ImageRef(Path kernel, Path initrd, Path rootDisk, String kernelRelease, String kernelSource,
                       String cmdline, String machine) {

    /** The recorded files as an image (they may since have left the cache). */
    public GuestImage toGuestImage() {
        return new GuestImage(kernel, initrd, rootDisk, kernelRelease, kernelSource, kernel.getParent());
    }
}
