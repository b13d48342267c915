package labs.cli;

import java.io.PrintWriter;
import java.util.List;
import labs.common.Echo;
import labs.common.LabsException;
import labs.common.i18n.ErrorText;
import labs.common.i18n.Msg;
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

    /** "  fix: " in the language of this run (tests run many commands, in both languages, in one JVM). */
    private static String fix() {
        return "  " + Msg.get(ErrorText.LABEL_FIX) + ": ";
    }

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
            err.println(fix() + le.fix());
        } else if (word != null && !choices.isEmpty() && !word.startsWith("-")) {
            boolean labs = line.getCommandSpec().userObject() instanceof RunCommand;
            err.println("labs: " + (labs ? Msg.get(ErrorText.NO_LAB, Echo.of(word))
                    : Msg.get(ErrorText.NOT_A_COMMAND, Echo.of(word), name)));
            err.println(fix() + (labs ? Msg.get(ErrorText.FIX_LAB_CHOICES, String.join(", ", choices))
                    : Msg.get(ErrorText.FIX_COMMAND_CHOICES, String.join(", ", choices), name)));
        } else {
            err.println("labs: " + Echo.of(PicocliWords.say(ex), 2 * Echo.MAX));
            if (ex instanceof UnmatchedArgumentException u && word != null && word.startsWith("-")
                    && !u.getSuggestions().isEmpty()) {
                List<String> some = u.getSuggestions().subList(0, Math.min(SUGGESTIONS, u.getSuggestions().size()));
                err.println("  " + Msg.get(ErrorText.LABEL_DID_YOU_MEAN) + ": " + String.join(", ", some) + "?");
            }
            err.println(fix() + Msg.get(ErrorText.FIX_SEE_HELP, name));
        }
        err.flush();
        return line.getCommandSpec().exitCodeOnInvalidInput();
    }
}
