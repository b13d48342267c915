package labs.cli.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import labs.lab.HostAccelProbe;
import labs.launcher.Launcher;
import labs.launcher.vm.VmResumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labs vm resume NAME}: virsh resume. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Resume a paused VM (virsh resume).", "",
            "Resume a VM whose guest QEMU paused: after QMP stop, or on an I/O error such as a full host " +
            "filesystem under its disk (free space there first, or it pauses again on its next write). " +
            "labs vm list says when a VM is paused or io-error.", ""},
        footer = {"", "virsh equivalent: virsh resume NAME"})
final class ResumeCommand implements Runnable {
    @Mixin
    ConnectOption connect;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public void run() {
        connect.refuse("resume");
        String before = VmResumer.resume(Launcher.openDefault(HostAccelProbe.INSTANCE).store(), name);
        System.out.println(before.equals("running") ? Msg.get(VmText.WAS_RUNNING, name)
                : Msg.get(VmText.RESUMED, name, before));
    }
}
