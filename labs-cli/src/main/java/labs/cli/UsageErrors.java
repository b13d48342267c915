package labs.cli;

import java.io.PrintWriter;
import java.util.List;
import labs.common.Echo;
import labs.common.LabsException;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Usage errors the way labs prints every error, "labs: what" then "  fix: ...", exit 2. Picocli's own handler
 * prints its message and then the whole help, so the one line that matters scrolls away, and for a word that
 * names no lab it says "Unmatched argument at index 1" with a "did you mean" picked by spelling alone.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    /** Option suggestions beyond this many are noise. */
    private static final int SUGGESTIONS = 3;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine line = ex.getCommandLine();
        PrintWriter err = line.getErr();
        String name = line.getCommandSpec().qualifiedName();
        // Each subcommand once, by its own name: the map also holds aliases (vm log's "console").
        List<String> choices = line.getSubcommands().values().stream().map(CommandLine::getCommandName).distinct()
                .toList();
        String word = ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                ? u.getUnmatched().get(0) : null;
        if (ex.getCause() instanceof LabsException le && le.fix() != null) {
            // an option checked while parsing (e.g. an empty --results) says its own fix; a converter's message
            // (labs.lab.LowerCaseEnum) does not know the option it converts for: picocli does
            String option = ex.getArgSpec() instanceof OptionSpec o ? o.longestName() + " " : "";
            err.println("labs: " + option + le.getMessage());
            err.println("  fix: " + le.fix());
        } else if (word != null && !choices.isEmpty() && !word.startsWith("-")) {
            boolean labs = line.getCommandSpec().userObject() instanceof RunCommand;
            err.println("labs: " + (labs ? "no lab named '" + Echo.of(word) + "'"
                    : "'" + Echo.of(word) + "' is not a command of `" + name + "`"));
            err.println("  fix: use one of: " + String.join(", ", choices)
                    + (labs ? " (`labs list` says what each measures)" : " (`" + name + " --help` explains them)"));
        } else {
            err.println("labs: " + Echo.of(ex.getMessage(), 2 * Echo.MAX));
            if (ex instanceof UnmatchedArgumentException u && word != null && word.startsWith("-")
                    && !u.getSuggestions().isEmpty()) {
                List<String> some = u.getSuggestions().subList(0, Math.min(SUGGESTIONS, u.getSuggestions().size()));
                err.println("  did you mean: " + String.join(", ", some) + "?");
            }
            err.println("  fix: see `" + name + " --help` for what it accepts");
        }
        err.flush();
        return line.getCommandSpec().exitCodeOnInvalidInput();
    }
}
