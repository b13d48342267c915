package labs.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import labs.launcher.vm.StorageCleaner;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmStatus;

/**
 * What `labs vm` asks of whatever runs its VMs: the built-in launcher ({@link Launcher}, a qemu process and a folder
 * per VM, the default) or a libvirt daemon ({@link labs.launcher.libvirt.LibvirtEngine}, `labs vm --connect URI`).
 * Both render a VM from the same {@link MachineSpec}.
 */
public interface VmEngine {
    /** virt-install: checks everything first, then makes the VM's storage and defines it. */
    VmDefinition create(VmSpec spec, Optional<Path> kernel);

    /** virsh start: boots the VM, waits for its agent, and leaves it running when this process exits. */
    RunningVm startDetached(String name);

    /** ssh into a running VM: a handle on its agent (closing it only disconnects). */
    RunningVm attach(String name);

    /** virsh list --all. */
    List<VmStatus> list();

    /** virsh dumpxml. */
    String dumpXml(String name);

    /** virt-clone of a shut-off VM. */
    VmDefinition cloneVm(String src, String dst, boolean full);

    /** virsh shutdown: false if it was not running. */
    boolean shutdown(String name);

    /** virsh destroy: false if it was not running. */
    boolean destroy(String name);

    /** virsh undefine [--remove-all-storage]. */
    StorageCleaner.Report undefine(String name, boolean removeAllStorage);

    /** Where the VMs are, for messages: a folder, or a libvirt URI. */
    String where();
}
