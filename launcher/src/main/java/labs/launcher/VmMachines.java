package labs.launcher;

import labs.launcher.guest.GuestImage;
import labs.launcher.vm.ImageRef;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmDisk;
import labs.launcher.vm.VmStore;

/** The machine a VM's definition describes, with its sockets and console in the store: what QEMU and the XML render. */
final class VmMachines {
    private final VmStore store;

    VmMachines(VmStore store) {
        this.store = store;
    }

    /** The machine a VM's definition describes, booted from img under plan. */
    MachineSpec machine(VmDefinition def, GuestImage img, AccelPlan plan) {
        String name = def.name();
        VmDisk d = def.disk();
        return MachineSpec.builder(name, img)
                .uuid(def.uuid())
                .accel(plan)
                .vcpus(def.vcpus())
                .cpuset(def.cpuset())
                .memoryMiB(def.memoryMiB())
                .dataDisk(new MachineSpec.DataDisk(d.path(), d.format(), d.cache(), d.backingFile(), d.backingFormat()))
                .agentSocket(store.agentSocket(name))
                .qmpSocket(store.qmpSocket(name))
                .consoleLog(store.consoleLog(name))
                .network(def.network())
                .build();
    }

    /** What a definition records of the image it boots (so that `dumpxml` and the next start need not rebuild it). */
    static ImageRef imageRef(MachineSpec m, GuestImage img) {
        return new ImageRef(img.kernel(), img.initrd(), img.rootDisk(), img.kernelRelease(), img.kernelSource(),
                m.kernelCmdline(), m.machineType());
    }
}
