package labs.lab;

import labs.common.i18n.LabText;
import labs.common.i18n.Msg;
import labs.common.i18n.CliText;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import labs.common.Echo;
import labs.common.LabsException;
import labs.common.ResultsDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options every lab shares (a picocli mixin): where results go, and where the lab runs. */
public final class LabOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    public Path resultsRoot;

    /** Handled before the lab runs (see {@link AmdVMachineRun}): the lab itself never sees it set. */
    @Option(names = "--amd-v-machine", description = "Run this lab inside an emulated AMD-V machine that labs boots for "
            + "itself (QEMU TCG, -cpu max): KVM runs for real there, with the host's own java, qemu, fio and sysstat; "
            + "results land here. Its figures show KVM's behaviour, not its speed.")
    public boolean amdVMachine;

    /**
     * Checked while the command line is parsed, so a bad value stops the lab before anything exists: an empty
     * --results or LABS_RESULTS="" would otherwise put every run's files into the current folder.
     */
    @Option(names = "--results", paramLabel = "DIR", defaultValue = "${env:LABS_RESULTS:-results}",
            description = "Root folder for results (default: ${DEFAULT-VALUE}); each run gets DIR/<lab>/<timestamp>/.")
    void results(String dir) {
        if (dir == null || dir.isBlank()) {
            LabsException e = LabsException.usage(Msg.get(LabText.RESULTS_EMPTY, "--results", "$LABS_RESULTS"),
                    Msg.get(CliText.RESULTS_EMPTY_FIX));
            throw new ParameterException(mixee.commandLine(), e.getMessage(), e, null, dir);
        }
        try {
            resultsRoot = Path.of(dir);
        } catch (InvalidPathException e) {
            throw new ParameterException(mixee.commandLine(),
                    Msg.get(LabText.RESULTS_NOT_A_NAME, "--results", Echo.of(dir), e.getReason()));
        }
    }

    public ResultsDir newRun(String lab) {
        return ResultsDir.create(resultsRoot, lab);
    }
}
