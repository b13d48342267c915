package labs.charts;

import java.util.Locale;

/** The language of chart titles, axes and legends. Japanese uses the book's own wording. */
public enum Lang {
    JA, EN;

    /** Japanese when the user's locale (LC_ALL, LC_MESSAGES, LANG, then the JVM's) is Japanese, else English. */
    public static Lang fromLocale() {
        for (String var : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank()) {
                return v.toLowerCase(Locale.ROOT).startsWith("ja") ? JA : EN;
            }
        }
        return "ja".equals(Locale.getDefault().getLanguage()) ? JA : EN;
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
