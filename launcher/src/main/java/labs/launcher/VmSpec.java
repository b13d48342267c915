package labs.launcher;

import java.util.List;

/**
 * What `labs vm create` (virt-install) defines: a name, CPUs and where they are pinned, memory and a data disk.
 * The guest's kernel and read-only root come from the guest image builder; the data disk (the VM's own qcow2 or
 * raw file in its folder, ext4 inside, mounted at /data in the guest) is where workloads write.
 *
 * @param cpuset host CPUs the vCPU threads are pinned to (the book's --cpuset=0); empty means not pinned
 */
public record VmSpec(String name, int vcpus, List<Integer> cpuset, int memoryMiB, long diskSizeMiB,
                     DiskFormat diskFormat, CacheMode cache, AccelChoice accel, boolean network) {

    public static final int DEFAULT_VCPUS = 1;
    public static final int DEFAULT_MEMORY_MIB = 512;
    public static final long DEFAULT_DISK_MIB = 2048;

    public static VmSpec defaults(String name) {
        return new VmSpec(name, DEFAULT_VCPUS, List.of(), DEFAULT_MEMORY_MIB, DEFAULT_DISK_MIB,
                DiskFormat.QCOW2, CacheMode.NONE, AccelChoice.AUTO, false);
    }
}
