package labs.common.i18n;

import java.util.Locale;

/** The language labs speaks in: every line it prints, its files and its charts (--lang ja|en|auto). */
public enum Language {
    JA(Locale.JAPANESE), EN(Locale.ENGLISH);

    private final Locale locale;

    Language(Locale locale) {
        this.locale = locale;
    }

    public Locale locale() {
        return locale;
    }

    /**
     * What "auto" means: LABS_LANG (ja or en, for a user who wants labs in one language whatever the locale, and for
     * the test JVMs, which must not depend on the machine's locale), else the first of LC_ALL, LC_MESSAGES, LANG that
     * is set (Japanese when it starts with "ja", as POSIX locale names do), else the JVM's default locale.
     */
    public static Language fromEnvironment() {
        String forced = System.getenv("LABS_LANG");
        if (forced != null && (forced.equalsIgnoreCase("ja") || forced.equalsIgnoreCase("en"))) {
            return valueOf(forced.toUpperCase(Locale.ROOT));
        }
        for (String var : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank()) {
                return v.toLowerCase(Locale.ROOT).startsWith("ja") ? JA : EN;
            }
        }
        return "ja".equals(Locale.getDefault().getLanguage()) ? JA : EN;
    }

    /** --lang's value: ja, en or auto (case-insensitive); null for anything else (the caller says the usage error). */
    public static Language parseOrNull(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "ja" -> JA;
            case "en" -> EN;
            case "auto" -> fromEnvironment();
            default -> null;
        };
    }
}
