package labs.cli.vm;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import labs.lab.LowerCaseEnum;
import labs.launcher.AccelChoice;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.Launcher;
import labs.launcher.VmSpec;
import labs.launcher.vm.VmDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labs vm create NAME}: virt-install without the installer. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Define a new VM (like virt-install): CPUs, memory, a data disk.", "",
            "The data disk is a file in the VM's folder: a sparse raw image formatted with ext4 on the host " +
            "(mke2fs, no root needed), kept raw or converted to qcow2 (qemu-img convert). The guest mounts it at " +
            "/data. The guest's kernel and tools come from a read-only image built once from this machine's own " +
            "packages (kernel, busybox, fio, sysstat) and cached under ~/.cache/labs.",
            ""},
        footer = {"", "virt-install equivalent of `labs vm create vm1 --vcpus 1 --cpuset=0 --memory 512`:",
            "  virt-install --name vm1 --vcpus 1 --cpuset=0 --memory 512 --disk size=2,format=qcow2 ...",
            "Next: labs vm start vm1"})
final class CreateCommand implements Runnable {
    @Mixin
    ConnectOption connect;

    @Parameters(index = "0", paramLabel = "NAME", description = "VM name: letters, digits, . _ + - (at most 64).")
    String name;

    @Option(names = "--vcpus", defaultValue = "1", description = "Virtual CPUs (default: ${DEFAULT-VALUE}).")
    int vcpus;

    @Option(names = "--cpuset", paramLabel = "CPUS", converter = CpusetConverter.class, defaultValue = "",
            description = "Host CPUs the vCPU threads are pinned to, e.g. 0 or 0,1 or 0-1 (the book uses "
                    + "--cpuset=0 so that the guest and a host process can share one CPU). Default: not pinned.")
    List<Integer> cpuset;

    @Option(names = "--memory", paramLabel = "MiB", defaultValue = "512",
            description = "Guest memory in MiB (default: ${DEFAULT-VALUE}).")
    int memory;

    @Option(names = "--disk-size", paramLabel = "MiB", defaultValue = "2048",
            description = "Size of the data disk in MiB (default: ${DEFAULT-VALUE}); sparse, so it costs nothing "
                    + "until written.")
    long diskSize;

    @Option(names = "--disk-format", defaultValue = "qcow2", converter = LowerCaseEnum.Disk.class,
            description = "raw or qcow2 (default: ${DEFAULT-VALUE}). qcow2 allocates as it goes and allows linked "
                    + "clones; raw maps guest blocks 1:1 to the file.")
    DiskFormat diskFormat;

    @Option(names = "--cache", defaultValue = "none", converter = LowerCaseEnum.Cache.class,
            description = "QEMU disk cache: none (O_DIRECT: the guest measures the disk) or writeback (the host page"
                    + " cache absorbs writes). Default: ${DEFAULT-VALUE}.")
    CacheMode cache;

    @Option(names = "--accel", defaultValue = "auto", converter = LowerCaseEnum.Accel.class,
            description = "auto, kvm or tcg (default: ${DEFAULT-VALUE}: KVM when `labs run vt-check` says Linux "
                    + "guests can use it, else TCG).")
    AccelChoice accel;

    @Option(names = "--network", description = "Give the guest a user-mode NIC (default: no network at all).")
    boolean network;

    @Option(names = "--kernel", paramLabel = "PATH",
            description = "Boot this kernel image instead of the one labs picks (the running kernel, else the "
                    + "distro's kernel package).")
    Path kernel;

    @Override
    public void run() {
        labs.launcher.vm.DiskTool.checkSize(diskSize);   // before anything is made or installed
        VmSpec spec = new VmSpec(name, vcpus, cpuset, memory, diskSize, diskFormat, cache, accel, network);
        Launcher.check(spec);   // bad input is refused before anything is installed
        labs.common.Packages.ensure("labs vm create", labs.lab.Needs.VM_CREATE);
        VmDefinition def = connect.open().create(spec, Optional.ofNullable(kernel));
        System.out.println(Msg.get(VmText.CREATED, def.name(), def.uuid(),
                def.vcpus() == 1 ? Msg.get(VmText.VCPUS_ONE) : Msg.get(VmText.VCPUS_MANY, def.vcpus()),
                def.cpuset().isEmpty() ? "" : Msg.get(VmText.PINNED_TO, def.cpusetText()), def.memoryMiB(),
                def.disk().path(), def.disk().format().qemuName(), def.disk().sizeMiB()));
        if (def.image() != null) {
            System.out.println(Msg.get(VmText.GUEST_KERNEL, def.image().kernelRelease(),
                    def.image().kernelSource()));
        }
        System.out.println(Msg.get(VmText.START_IT, def.name(), connect.suffix()));
    }
}
