package labs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code labs list}: every lab of {@code labs run} with the first line of its description. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List the labs with a one-line description of each.")
final class ListCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        var out = spec.commandLine().getOut();
        out.println("Labs (run one with: labs run LAB; options: labs run LAB --help)");
        for (CommandLine lab : spec.root().subcommands().get("run").getSubcommands().values()) {
            String[] about = lab.getCommandSpec().usageMessage().description();
            out.printf("  %-14s %s%n", lab.getCommandName(), about.length > 0 ? about[0] : "");
        }
        out.flush();
    }
}
