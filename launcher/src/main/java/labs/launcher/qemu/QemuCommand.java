package labs.launcher.qemu;

import labs.common.i18n.ErrorText;
import labs.common.i18n.Msg;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import labs.common.LabsException;
import labs.launcher.MachineSpec;
import labs.launcher.guest.GuestImageBuilder;

/**
 * The qemu-system-x86_64 argument list for one guest, rendered from its {@link MachineSpec} (the domain XML is
 * rendered from the same spec), as a list (never a shell string: paths with spaces or
 * quotes stay one argument). Everything QEMU would add by itself is off ({@code -nodefaults -no-user-config}, no
 * display, no NIC unless asked), so what the guest sees is exactly what is written here:
 * <ul>
 *   <li>the image's kernel and initramfs by direct boot, console on ttyS0 written to a log file;</li>
 *   <li>the read-only root disk (virtio-blk, serial "root") and the optional data disk (serial "data");</li>
 *   <li>a virtio-serial port named {@value GuestImageBuilder#AGENT_PORT} on a UNIX socket for the agent;</li>
 *   <li>a QMP monitor on another UNIX socket.</li>
 * </ul>
 * q35 rather than microvm: microvm boots only ~3% faster here and needs pit/pic/rtc plus tsc_early_khz to avoid
 * hanging in 3 boots out of 5 (measured by hand with QEMU 7.2 under TCG: 5 boots each, host clock to ready).
 */
public final class QemuCommand {
    private QemuCommand() {}

    /** The full argv for the qemu-system-x86_64 found on PATH. */
    public static List<String> of(MachineSpec m) { return of(m, qemuBinary()); }

    /** The full argv, starting with emulator: a function of the spec alone. */
    public static List<String> of(MachineSpec m, Path emulator) {
        List<String> a = new ArrayList<>();
        a.add(emulator.toString());
        a.addAll(List.of("-nodefaults", "-no-user-config", "-display", "none", "-no-reboot"));
        a.addAll(List.of("-name", "guest=" + QemuOpts.value(m.name()) + ",debug-threads=on"));
        a.addAll(List.of("-machine", m.machineType(), "-accel", m.accelerator().qemuName(), "-cpu", m.cpuModel()));
        a.addAll(List.of("-smp", Integer.toString(m.vcpus()), "-m", m.memoryMiB() + "M"));
        // -kernel and -initrd take their value whole (no QemuOpts syntax, no protocol): written as is.
        a.addAll(List.of("-kernel", m.kernel().toString(), "-initrd", m.initrd().toString()));
        a.addAll(List.of("-append", m.kernelCmdline()));

        a.addAll(List.of("-chardev", "file,id=console,path=" + QemuOpts.value(m.consoleLog().toString()),
                "-serial", "chardev:console"));

        a.addAll(List.of("-drive", "file=" + QemuOpts.value(BlockPath.of(m.rootDisk()))
                        + ",if=none,id=root,format=raw,readonly=on",
                "-device", "virtio-blk-pci,drive=root,serial=root"));
        MachineSpec.DataDisk d = m.dataDisk();
        if (d != null) {
            a.addAll(List.of("-drive", "file=" + QemuOpts.value(BlockPath.of(d.file())) + ",if=none,id=data,format="
                            + d.format().qemuName() + ",cache=" + d.cache().qemuName() + ",aio=" + d.aio()
                            + ",discard=unmap",
                    "-device", "virtio-blk-pci,drive=data,serial=data"));
        }

        a.addAll(List.of("-device", "virtio-serial-pci,id=vser0",
                "-chardev", "socket,id=agent,path=" + QemuOpts.value(m.agentSocket().toString())
                        + ",server=on,wait=off",
                "-device", "virtserialport,bus=vser0.0,chardev=agent,name=" + GuestImageBuilder.AGENT_PORT));
        a.addAll(List.of("-chardev", "socket,id=qmp,path=" + QemuOpts.value(m.qmpSocket().toString())
                        + ",server=on,wait=off",
                "-mon", "chardev=qmp,mode=control"));
        a.addAll(List.of("-nic", m.network() ? "user,model=virtio-net-pci" : "none"));
        if (m.pidFile() != null) {
            a.addAll(List.of("-pidfile", m.pidFile().toString()));
        }
        return List.copyOf(a);
    }

    /** The qemu-system-x86_64 on PATH, or exit 2 with the package to install. */
    public static Path qemuBinary() {
        Path p = labs.common.HostRunner.which("qemu-system-x86_64");
        if (p == null) {
            throw new LabsException(Msg.get(ErrorText.QEMU_MISSING), Msg.get(ErrorText.QEMU_WHY),
                    "apt-get install qemu-system-x86");
        }
        return p;
    }
}
