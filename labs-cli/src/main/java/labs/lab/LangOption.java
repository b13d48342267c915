package labs.lab;

import labs.common.i18n.ErrorText;
import labs.common.i18n.Msg;
import labs.charts.Lang;
import labs.common.Echo;
import labs.common.LabsException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The --lang option of every command that draws charts (a picocli mixin), so all of them read and say it alike. */
public final class LangOption {
    @Option(names = "--lang", paramLabel = "ja|en", defaultValue = "auto", converter = Converter.class,
            description = "Language of everything the lab prints and draws: terminal, summaries, report files, errors"
                    + " and charts (default auto: from the locale; LABS_LANG=ja|en overrides it).")
    Lang value;

    /** The language asked for; "auto" follows the locale. */
    public Lang get() {
        return value;
    }

    /**
     * ja, en or auto, converted by picocli while it parses: a bad value is a usage error (exit 2) said like every
     * other option's (see {@link LowerCaseEnum}), before the command checks packages or makes anything.
     */
    public static final class Converter implements ITypeConverter<Lang> {
        @Override
        public Lang convert(String s) {
            try {
                return Lang.parse(s.trim());
            } catch (LabsException e) {
                throw LabsException.usage(Msg.get(ErrorText.LANG_NOT_ONE_OF, Echo.of(s)), Msg.get(ErrorText.LANG_FIX));
            }
        }
    }
}
