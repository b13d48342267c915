package labs.launcher.vm;

import java.nio.file.Path;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;

/**
 * A VM's data disk (ext4 inside, /data in the guest).
 *
 * @param path          absolute path of the image on the host (normally inside the VM's folder)
 * @param backingFile   for a linked clone: the absolute path of the base image it reads unwritten blocks from
 * @param backingFormat format of that base image
 * @param backingVm     name of the VM owning the base image, so the base is not removed while clones use it
 */
public record VmDisk(Path path, DiskFormat format, long sizeMiB, CacheMode cache,
                     Path backingFile, DiskFormat backingFormat, String backingVm) {

    public static VmDisk standalone(Path path, DiskFormat format, long sizeMiB, CacheMode cache) {
        return new VmDisk(path, format, sizeMiB, cache, null, null, null);
    }

    public boolean linked() { return backingFile != null; }
}
