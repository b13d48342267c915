package labs.cli.vm;

import labs.charts.Lang;
import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import labs.lab.LangOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code labs vm ...}: the launcher's virsh, one subcommand per class. */
@Command(name = "vm", mixinStandardHelpOptions = true,
        subcommands = {CreateCommand.class, StartCommand.class, ListVmsCommand.class, DumpXmlCommand.class,
            LogCommand.class, ExecCommand.class, ShutdownCommand.class, DestroyCommand.class, CloneCommand.class,
            UndefineCommand.class, ResumeCommand.class},
        description = {
    "Create, run, clone and remove small real Linux guests, as the book does with virt-install, virsh and " +
    "virt-clone, but without libvirt: each VM is a folder under $LABS_DATA_DIR (default " +
    "~/.local/share/labs/vms/NAME, mode 0700) and runs as one qemu-system-x86_64 process you can see in ps.",
    ""},
        footer = {"", "The article's sequence (README.md's walk-through, run as typed by a test):",
            "  labs vm create vm1 --cpuset=0      (virt-install --name vm1 --cpuset=0 ...)",
            "  labs vm start vm1                  (virsh start vm1)",
            "  labs vm list                       (virsh list --all)",
            "  labs vm exec vm1 -- uname -r       (ssh into the guest and run a command)",
            "  labs vm dumpxml vm1                (virsh dumpxml: <source file> is the disk)",
            "  labs vm shutdown vm1               (virsh shutdown vm1, before virt-clone)",
            "  labs vm clone vm1 vm2              (virt-clone -o vm1 -n vm2 --auto-clone)",
            "  labs vm start vm1 && labs vm start vm2",
            "  pgrep -lf 'guest=vm[12],'          (ps ax | grep qemu: two qemu processes)",
            "  labs vm destroy vm2                (virsh destroy vm2)",
            "  labs vm undefine vm2 --remove-all-storage  (virsh undefine, the same)",
            "  labs vm destroy vm1 && labs vm undefine vm1 --remove-all-storage",
            "Or let the lab walk you through it: labs run vm-lifecycle"})
public final class VmCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /**
     * On `labs vm` and, inherited, on each of its commands. Its value is not read here: labs.cli.LangChoice has
     * already chosen the language from it before picocli parsed (so a usage error is said in it too); picocli only
     * checks it and shows it in the help.
     */
    @Option(names = "--lang", paramLabel = "ja|en", defaultValue = "auto", scope = ScopeType.INHERIT,
            converter = LangOption.Converter.class,
            description = "Language of what labs vm prints: its lines, the list table, errors and their fixes "
                    + "(default auto: from the locale; LABS_LANG=ja|en overrides it). What other programs print "
                    + "(the guest's command, qemu, virsh) stays as they print it.")
    Lang lang;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), Msg.get(VmText.WHICH_COMMAND,
                String.join(", ", spec.subcommands().keySet())));
    }
}
