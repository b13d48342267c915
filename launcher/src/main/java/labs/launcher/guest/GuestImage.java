package labs.launcher.guest;

import java.nio.file.Path;

/**
 * A bootable guest in the cache: the kernel QEMU loads with -kernel (an uncompressed vmlinux when it has a PVH
 * entry, else the bzImage), the initramfs, and the read-only root disk (squashfs, attached with serial "root").
 * All three are shared by every VM and never written to: attach the root disk read-only.
 *
 * @param kernelSource which kernel was used and why (the user's, the running one, or the distro package)
 * @param cacheDir the folder of this image in the cache (holds image.json)
 */
public record GuestImage(Path kernel, Path initrd, Path rootDisk, String kernelRelease, String kernelSource,
                         Path cacheDir) {
}
