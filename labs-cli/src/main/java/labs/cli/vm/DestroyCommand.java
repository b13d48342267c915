package labs.cli.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labs vm destroy NAME}: virsh destroy. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Stop a VM at once, like pulling the plug (virsh destroy).", "",
            "Stop a VM at once (like virsh destroy, i.e. pulling the power cord): QEMU is told to quit, " +
            "and killed if it does not. Nothing is deleted: the definition and disk stay. Also cleans up a VM " +
            "whose labs process was killed while it booted, and works on a VM whose definition.json is damaged. " +
            "Only a process that is this VM's qemu is ever signalled (checked in /proc: start time, executable, " +
            "and a command line naming this VM's folder).", ""},
        footer = {"", "virsh equivalent: virsh destroy NAME   (graceful: labs vm shutdown NAME)"})
final class DestroyCommand implements Runnable {
    @Mixin
    ConnectOption connect;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public void run() {
        boolean was = connect.open().destroy(name);
        System.out.println(Msg.get(was ? VmText.DESTROYED : VmText.WAS_NOT_RUNNING, name));
    }
}
