package labs.cli.vm;

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
            System.out.printf("VM '%s' is running: qemu pid %d, accelerator %s (%s)%n", vm.name(), vm.pid(),
                    vm.accelerator().qemuName(), vm.acceleratorReason());
            System.out.printf("vCPU threads %s, guest kernel %s, data disk %s%n", vm.vcpuThreadIds(),
                    vm.guestKernel(), vm.diskPath());
            System.out.printf("try: labs vm exec %s%s -- uname -a     stop: labs vm shutdown %s%s%n", name,
                    connect.suffix(), name, connect.suffix());
        } finally {
            vm.close(); // a detached VM: this only drops our agent connection
        }
    }
}
