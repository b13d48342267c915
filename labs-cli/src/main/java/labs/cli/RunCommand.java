package labs.cli;

import labs.lab.CpuOverheadLab;
import labs.lab.IoCompareLab;
import labs.lab.SchedVirtLab;
import labs.lab.VmExitLab;
import labs.lab.VmLifecycleLab;
import labs.lab.VtCheckLab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code labs run LAB}: every lab is a subcommand here, one class per lab in package labs.lab. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        // in the order `labs list` shows them
        subcommands = {VtCheckLab.class, VmLifecycleLab.class, IoCompareLab.class, CpuOverheadLab.class,
            VmExitLab.class, SchedVirtLab.class},
        description = "Run a lab. `labs list` shows them; `labs run LAB --help` explains one.")
final class RunCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Which lab? Choose one of: "
                + String.join(", ", spec.subcommands().keySet()) + " (see `labs list`)");
    }
}
