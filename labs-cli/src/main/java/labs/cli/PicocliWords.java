package labs.cli;

import java.util.stream.Collectors;
import labs.common.i18n.ErrorText;
import labs.common.i18n.Msg;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Picocli's own usage messages, which are English only, said in the run's language for the ones people meet
 * (an unknown option, an extra word, a missing argument or option value, a value that does not convert). In English,
 * and for any other message, picocli's own words are kept: they name the option and the expected value exactly.
 */
final class PicocliWords {
    private PicocliWords() {}

    static String say(ParameterException ex) {
        String own = String.valueOf(ex.getMessage());
        if (!Msg.japanese()) {
            return own;
        }
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String words = String.join(" ", u.getUnmatched());
            return Msg.get(u.isUnknownOption() ? ErrorText.UNKNOWN_OPTION : ErrorText.UNMATCHED_ARGUMENT, words);
        }
        if (ex instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            String names = m.getMissing().stream().map(PicocliWords::name).collect(Collectors.joining(", "));
            return own.startsWith("Missing required parameter for option")
                    ? Msg.get(ErrorText.MISSING_OPTION_VALUE, names) : Msg.get(ErrorText.MISSING_PARAMETER, names);
        }
        if (own.startsWith("Invalid value for ") && ex.getArgSpec() != null) {
            int colon = own.indexOf(": ");
            return Msg.get(ErrorText.INVALID_VALUE, name(ex.getArgSpec()), colon < 0 ? own : own.substring(colon + 2));
        }
        return own;
    }

    private static String name(ArgSpec spec) {
        return spec instanceof OptionSpec o ? o.longestName() : spec.paramLabel();
    }
}
