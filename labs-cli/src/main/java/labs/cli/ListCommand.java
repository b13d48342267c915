package labs.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code labs list}: every lab of {@code labs run} with the first line of its description, read from the
 * annotations ({@code labs list} does not build the labs' picocli models: see Main's GROUPS).
 */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List the labs with a one-line description of each.")
final class ListCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        var out = spec.commandLine().getOut();
        out.println("Labs (run one with: labs run LAB; options: labs run LAB --help)");
        for (Class<?> lab : RunCommand.class.getAnnotation(Command.class).subcommands()) {
            Command c = lab.getAnnotation(Command.class);
            out.printf("  %-14s %s%n", c.name(), c.description().length > 0 ? c.description()[0] : "");
        }
        out.flush();
    }
}
