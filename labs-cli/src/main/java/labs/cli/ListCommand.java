package labs.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code labs list}: every lab with its one-line description, read from the lab classes themselves. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List the labs with a one-line description of each.")
final class ListCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        CommandLine run = spec.root().commandLine().getSubcommands().get("run");
        var out = spec.commandLine().getOut();
        out.println("Labs (run one with: labs run LAB; options: labs run LAB --help)");
        for (Map.Entry<String, CommandLine> e : run.getSubcommands().entrySet()) {
            String[] desc = e.getValue().getCommandSpec().usageMessage().description();
            out.printf("  %-14s %s%n", e.getKey(), desc.length > 0 ? desc[0] : "");
        }
        out.flush();
    }
}
