package labs.cli.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import labs.launcher.vm.StorageCleaner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labs vm undefine NAME}: virsh undefine. */
@Command(name = "undefine", mixinStandardHelpOptions = true,
        description = {"Remove a VM; with --remove-all-storage also its files (virsh undefine).", "",
            "Remove a shut-off VM's definition (like virsh undefine). Its folder and disk stay, shown by " +
            "labs vm list as 'storage only' (with the linked clones that read its base image, if any), until " +
            "labs vm undefine NAME --remove-all-storage removes them. With --remove-all-storage the folder and " +
            "every file in it go (disk, base images, logs); that is refused while linked clones still read its " +
            "base (remove the clones first, or give them a full copy: labs vm clone CLONE NEW --full). It also " +
            "removes a VM whose definition.json is damaged, and storage kept earlier. Only files inside the VM's " +
            "own folder are ever deleted: links are never followed, a mount point inside the folder makes it " +
            "refuse (nothing is deleted), and a disk from elsewhere is kept. Refused while the VM runs.", ""},
        footer = {"", "virsh equivalent: virsh undefine NAME --remove-all-storage"})
final class UndefineCommand implements Runnable {
    @Mixin
    ConnectOption connect;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--remove-all-storage", description = "Also delete the VM's folder with its disk images.")
    boolean removeAllStorage;

    @Override
    public void run() {
        StorageCleaner.Report r = connect.open().undefine(name, removeAllStorage);
        if (r.deleted().isEmpty()) {
            System.out.println(Msg.get(VmText.UNDEFINED_KEPT, name));
        } else {
            System.out.println(Msg.get(r.deleted().size() == 1 ? VmText.UNDEFINED_REMOVED_ONE
                    : VmText.UNDEFINED_REMOVED_MANY, name, r.deleted().size()));
        }
        r.deleted().forEach(p -> System.out.println("  " + Msg.get(VmText.REMOVED_PATH, p)));
        r.kept().forEach(k -> System.out.println("  " + Msg.get(VmText.KEPT_PATH, k)));
    }
}
