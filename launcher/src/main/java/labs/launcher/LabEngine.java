package labs.launcher;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a measuring lab (io-compare, cpu-overhead, sched-virt) asks of the engine its guest runs on: labs' own
 * launcher ({@link Launcher}, the default) or a libvirt daemon ({@link labs.launcher.libvirt.LibvirtLabEngine},
 * `labs run LAB --connect URI`). A lab's guests live only as long as the run, whatever ends it.
 */
public interface LabEngine extends VmEngine {
    /** Boots the VM and waits for its agent; closing the handle, or this process ending, stops it. */
    RunningVm start(String name);

    /** True while the VM is there to remove (defined, or running as a lab's transient domain). */
    boolean defined(String name);

    /** True once nothing of the VM is left (after a removal that failed: the exit hook may have removed it). */
    default boolean gone(String name) { return !defined(name); }

    /** Where the guest's console log is read on this machine while it runs (a missing file is never read). */
    Path consoleLog(String name);

    /** Copies the VM's console log to file when it is removed, also by the exit hook. */
    void keepConsoleAt(String name, Path file);

    /** Keeps one of a lab's VMs after the process ends (vm-lifecycle --keep). */
    void keepAfterExit(String name);

    /** The folder on this machine that holds the guest's disks (to check its free space), if they are here. */
    Optional<Path> localDiskFolder();

    /** The engine in words for meta.json and the conditions: "labs' own launcher", "libvirt qemu:///system". */
    String engine();

    /** The libvirt URI the guests run at, or null for labs' own launcher. */
    default String connectUri() { return null; }

    /**
     * Where the host half of a lab runs: the machine whose disk and CPUs the guest uses. This machine, or the remote
     * libvirt host over the URI's ssh.
     */
    default labs.common.CommandRunner host() { return labs.common.HostRunner.INSTANCE; }

    /**
     * A folder of the host half's own on the filesystem of the guest's disk, which no other user can write: the
     * host's test file and programs go there. labs' own launcher: the VM's folder. libvirt: a folder NAME.host
     * beside the guest's volumes, made with the guest and removed with it.
     */
    default java.nio.file.Path hostFolder(labs.launcher.vm.VmDefinition def) { return def.disk().path().getParent(); }

    /** The remote host in words ("root@host:2222") when the guest runs on another machine, else null. */
    default String remoteHost() { return null; }
}
