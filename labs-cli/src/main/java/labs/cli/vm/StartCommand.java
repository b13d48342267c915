package labs.cli.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import labs.launcher.RunningVm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labs vm start NAME}: virsh start. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Boot a VM and wait until it is ready (like virsh start).", "",
            "Boot a VM (like virsh start) and wait until its agent answers; it keeps running after " +
            "this command returns, as one qemu-system-x86_64 process (see it with: labs vm list, ps -L -p PID).",
            "",
            "--accel auto uses KVM only when the CPU offers it to Linux guests, else TCG (QEMU translates every " +
            "guest instruction: slower, but it works everywhere). A boot watchdog stops a guest that is not ready " +
            "in time (LABS_BOOT_TIMEOUT seconds; default 60 under TCG, 20 under KVM) and shows its console; under " +
            "auto a failed KVM boot is retried under TCG. vCPU threads are pinned to the VM's --cpuset.",
            ""},
        footer = {"", "virsh equivalent: virsh start NAME"})
final class StartCommand implements Runnable {
    @Mixin
    ConnectOption connect;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public void run() {
        labs.common.Packages.ensure("labs vm start", labs.lab.Needs.VM_START);
        RunningVm vm = connect.open().startDetached(name);
        try {
            System.out.println(Msg.get(VmText.STARTED, vm.name(), vm.pid(), vm.accelerator().qemuName(),
                    vm.acceleratorReason()));
            System.out.println(Msg.get(VmText.STARTED_DETAIL, vm.vcpuThreadIds(), vm.guestKernel(), vm.diskPath()));
            System.out.println(Msg.get(VmText.STARTED_NEXT, name, connect.suffix()));
        } finally {
            vm.close(); // a detached VM: this only drops our agent connection
        }
    }
}
