package labs.cli.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labs vm shutdown NAME}: virsh shutdown. */
@Command(name = "shutdown", mixinStandardHelpOptions = true,
        description = {"Shut a VM down gracefully (virsh shutdown).", "",
            "Shut a VM down gracefully (like virsh shutdown): the guest syncs, unmounts /data and powers " +
            "off; if it has not within 30 s, the ACPI power button is pressed, and then QEMU is stopped.", ""},
        footer = {"", "virsh equivalent: virsh shutdown NAME   (forced: labs vm destroy NAME)"})
final class ShutdownCommand implements Runnable {
    @Mixin
    ConnectOption connect;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public void run() {
        boolean was = connect.open().shutdown(name);
        System.out.println(Msg.get(was ? VmText.SHUT_OFF : VmText.WAS_NOT_RUNNING, name));
    }
}
