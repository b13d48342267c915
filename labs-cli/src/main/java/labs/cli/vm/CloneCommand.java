package labs.cli.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import labs.launcher.vm.VmDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labs vm clone SRC NEW}: virt-clone. */
@Command(name = "clone", mixinStandardHelpOptions = true,
        description = {"Copy a shut-off VM: a linked clone, or --full (virt-clone).", "",
            "Copy a shut-off VM under a new name with a new UUID (like virt-clone --auto-clone).",
            "",
            "Default: a linked clone. The source's disk becomes a read-only base file in the source's folder and " +
            "both VMs get a small qcow2 overlay on it (qemu-img create -f qcow2 -F FMT -b BASE): instant, and both " +
            "can run at once. --full copies the whole disk instead (qemu-img convert), independent of the source. " +
            "A running source is refused: its disk is being written. The source cannot be removed with " +
            "--remove-all-storage while linked clones use its base.", ""},
        footer = {"", "virt-clone equivalent: virt-clone --original SRC --name NEW --auto-clone"})
final class CloneCommand implements Runnable {
    @Mixin
    ConnectOption connect;

    @Parameters(index = "0", paramLabel = "SRC")
    String source;

    @Parameters(index = "1", paramLabel = "NEW")
    String target;

    @Option(names = "--full", description = "Copy the disk instead of linking to a shared base.")
    boolean full;

    @Override
    public void run() {
        labs.common.Packages.ensure("labs vm clone", labs.lab.Needs.VM_CLONE);
        VmDefinition def = connect.open().cloneVm(source, target, full);
        System.out.println(Msg.get(VmText.CLONED, def.name(), source, def.uuid(), def.disk().path(),
                def.disk().linked() ? Msg.get(VmText.CLONE_ON_BASE, def.disk().backingFile())
                        : Msg.get(VmText.CLONE_FULL_COPY)));
    }
}
