package labs.lab;

import labs.charts.Lang;
import picocli.CommandLine.Option;

/** The --lang option of every command that draws charts (a picocli mixin), so all of them read and say it alike. */
public final class LangOption {
    @Option(names = "--lang", paramLabel = "ja|en", defaultValue = "auto",
            description = "Language of the charts (default: from the locale).")
    String value;

    /** The language asked for; "auto" follows the locale. A bad value is a usage error (exit 2). */
    public Lang get() {
        return Lang.parse(value);
    }
}
