package labs.lab;

import java.nio.file.Path;
import labs.common.ResultsDir;
import picocli.CommandLine.Option;

/** Options every lab shares (a picocli mixin): where results go. */
public final class LabOptions {
    @Option(names = "--results", paramLabel = "DIR", defaultValue = "${env:LABS_RESULTS:-results}",
            description = "Root folder for results (default: ${DEFAULT-VALUE}); each run gets DIR/<lab>/<timestamp>/.")
    public Path resultsRoot;

    public ResultsDir newRun(String lab) {
        return ResultsDir.create(resultsRoot, lab);
    }
}
