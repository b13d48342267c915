package labs.charts;

import java.util.Locale;

/** The language of chart titles, axes and legends. Japanese uses the book's own wording. */
public enum Lang {
    JA, EN;

    /** What --lang auto means: see {@link labs.common.i18n.Language#fromEnvironment()} (LABS_LANG, then the locale). */
    public static Lang fromLocale() {
        return of(labs.common.i18n.Language.fromEnvironment());
    }

    /** The chart language of the catalog's language. */
    public static Lang of(labs.common.i18n.Language l) {
        return l == labs.common.i18n.Language.JA ? JA : EN;
    }

    /** The catalog's language of this chart language (for glossary terms and messages). */
    public labs.common.i18n.Language language() {
        return this == JA ? labs.common.i18n.Language.JA : labs.common.i18n.Language.EN;
    }

    /** Parses --lang: "ja", "en" or "auto" (case-insensitive). */
    public static Lang parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "ja" -> JA;
            case "en" -> EN;
            case "auto" -> fromLocale();
            default -> throw labs.common.LabsException.usage("unknown language '" + labs.common.Echo.of(s) + "'",
                    "use --lang ja or --lang en (or auto: from the locale)");
        };
    }

    /** Picks the Japanese or English text. */
    public String pick(String ja, String en) {
        return this == JA ? ja : en;
    }
}
