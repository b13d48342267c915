package labs.cli;

import picocli.CommandLine.Command;

/** {@code labs class}: what a teacher does with the results folders of a whole class. */
@Command(name = "class", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {ClassMergeCommand.class},
        description = "A class's results together: labs class merge STUDENT_DIR... (see labs class merge --help).")
final class ClassCommand {
}
