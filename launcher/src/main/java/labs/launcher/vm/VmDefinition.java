package labs.launcher.vm;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import labs.launcher.AccelChoice;

/**
 * What `labs vm create` stores in definition.json, the counterpart of libvirt's domain XML.
 *
 * @param kernelOverride the --kernel a user gave, or null for the image builder's own choice
 * @param image          the guest image last resolved for this VM (null until first resolved)
 */
public record VmDefinition(String name, UUID uuid, int vcpus, List<Integer> cpuset, int memoryMiB, VmDisk disk,
                           Path kernelOverride, ImageRef image, AccelChoice accel, boolean network, String created) {

    public VmDefinition {
        cpuset = cpuset == null ? List.of() : List.copyOf(cpuset);
    }

    public VmDefinition withImage(ImageRef img) {
        return new VmDefinition(name, uuid, vcpus, cpuset, memoryMiB, disk, kernelOverride, img, accel, network, created);
    }

    /** The cpuset as libvirt and taskset write it: "0", "0,1". Empty when not pinned. */
    public String cpusetText() {
        return VcpuPinner.text(cpuset);
    }
}
