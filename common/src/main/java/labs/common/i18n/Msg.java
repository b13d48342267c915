package labs.common.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The message catalog: every sentence labs prints, in English and Japanese, from messages_en/messages_ja.properties
 * (UTF-8) beside this class, looked up by a typed key ({@link Key}) and formatted with {@link MessageFormat} (so a
 * literal apostrophe is written '' in the files). A message may name a glossary term as ${term-key}: it is replaced
 * by that term in the same language when the catalog loads, so that messages, charts and handouts say a concept one
 * way ({@link Term}). The language is process-wide: the command line chooses it once, first thing ({@link #use}),
 * so progress lines and errors follow --lang as the charts do.
 */
public final class Msg {
    /** A message's key: enums of keys implement this; the key in the files is {@link #key()}. */
    public interface Key {
        String name();

        /** The group's prefix in the files ("error", "progress", ...). */
        String group();

        default String key() {
            return group() + "." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Every group of keys, for the catalog's test (each key in both languages, same arguments). */
    public static final List<Class<? extends Key>> GROUPS = List.of(ErrorText.class, ProgressText.class,
            SummaryText.class, HandoutText.class,
            CheckText.class,
            VmText.class, CliText.class,
            LabText.class, LauncherText.class, FioText.class);

    private static final Pattern TERM = Pattern.compile("\\$\\{([a-z0-9-]+)}");
    private static volatile Language current = Language.fromEnvironment();
    private static final Map<Language, ResourceBundle> BUNDLES = new EnumMap<>(Language.class);

    private Msg() {}

    /** The process-wide language (the command line sets it from --lang, else the locale). */
    public static void use(Language language) {
        current = language;
    }

    public static Language language() {
        return current;
    }

    public static boolean japanese() {
        return current == Language.JA;
    }

    /** The message in the process's language. */
    public static String get(Key key, Object... args) {
        return in(current, key, args);
    }

    /** The message in the given language (a file whose language was chosen apart, e.g. a handout). */
    public static String in(Language language, Key key, Object... args) {
        String pattern = pattern(language, key.key());
        return new MessageFormat(pattern, language.locale()).format(plain(args));
    }

    /**
     * Numbers as Java prints them (1646, not MessageFormat's "1,646" for a pid): labs formats its figures itself,
     * with their units and decimals, before it hands them to a message.
     */
    private static Object[] plain(Object[] args) {
        Object[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof Number || out[i] instanceof java.nio.file.Path) {
                out[i] = String.valueOf(out[i]);
            }
        }
        return out;
    }

    /** The raw pattern (terms already inlined), for the catalog's test. */
    static String pattern(Language language, String key) {
        return bundle(language).getString(key);
    }

    static synchronized ResourceBundle bundle(Language language) {
        return BUNDLES.computeIfAbsent(language, l -> load("messages_" + l.name().toLowerCase(java.util.Locale.ROOT)));
    }

    /** One .properties file read as UTF-8 (not through ResourceBundle's lookup, which falls back on the JVM's locale). */
    static ResourceBundle load(String base) {
        try (InputStream in = Msg.class.getResourceAsStream(base + ".properties")) {
            if (in == null) {
                throw new IllegalStateException("missing catalog " + base + ".properties in the jar");
            }
            Reader r = new InputStreamReader(in, StandardCharsets.UTF_8);
            PropertyResourceBundle raw = new PropertyResourceBundle(r);
            Language l = Language.valueOf(base.substring(base.lastIndexOf('_') + 1).toUpperCase(java.util.Locale.ROOT));
            return base.startsWith("glossary") ? raw : new Inlined(raw, l);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ${term} replaced by the glossary's word in the same language. */
    static String inline(String value, Language l) {
        Matcher m = TERM.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Term t = Term.find(m.group(1));   // a name of no term stays as written: the catalog's test names it
            m.appendReplacement(sb, Matcher.quoteReplacement(t == null ? m.group() : t.in(l)));
        }
        return m.appendTail(sb).toString();
    }

    /** A bundle whose values have their glossary terms inlined. */
    private static final class Inlined extends ResourceBundle {
        private final ResourceBundle raw;
        private final Language language;

        Inlined(ResourceBundle raw, Language language) {
            this.raw = raw;
            this.language = language;
        }

        @Override
        protected Object handleGetObject(String key) {
            return raw.containsKey(key) ? inline(raw.getString(key), language) : null;
        }

        @Override
        public java.util.Enumeration<String> getKeys() {
            return raw.getKeys();
        }
    }
}
