package labs.cli.vm;

import labs.launcher.Launcher;
import labs.launcher.vm.StorageCleaner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labs vm undefine NAME}: virsh undefine. */
@Command(name = "undefine", mixinStandardHelpOptions = true,
        description = {"Remove a VM; with --remove-all-storage also its files (virsh undefine).", "",
            "Remove a shut-off VM's definition (like virsh undefine). With --remove-all-storage also its " +
            "folder and every file in it (disk, base images, logs). Only files inside the VM's own folder are " +
            "ever deleted: a symbolic link is removed as a link, never followed, and a disk from elsewhere is kept. " +
            "Refused while the VM runs, and (with --remove-all-storage) while linked clones use its base.", ""},
        footer = {"", "virsh equivalent: virsh undefine NAME --remove-all-storage"})
final class UndefineCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--remove-all-storage", description = "Also delete the VM's folder with its disk images.")
    boolean removeAllStorage;

    @Override
    public void run() {
        StorageCleaner.Report r = Launcher.openDefault().undefine(name, removeAllStorage);
        System.out.printf("VM '%s' undefined; removed %d path%s%s%n", name, r.deleted().size(),
                r.deleted().size() == 1 ? "" : "s", r.deleted().isEmpty() ? "" : ":");
        r.deleted().forEach(p -> System.out.println("  removed " + p));
        r.kept().forEach(k -> System.out.println("  kept " + k));
    }
}
