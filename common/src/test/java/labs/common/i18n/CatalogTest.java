package labs.common.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The catalog is whole: every key in both languages, with the same arguments, and the glossary used as it says. */
class CatalogTest {
    private static final Pattern LONE_QUOTE = Pattern.compile("(?<!')'(?!')");
    private static final Pattern TERM_REF = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern JAPANESE = Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");
    private static final Pattern ENGLISH_WORD = Pattern.compile("\\b[a-z]{4,}\\b");

    private static Set<String> keysOfEnums() {
        Set<String> keys = new TreeSet<>();
        for (Class<? extends Msg.Key> group : Msg.GROUPS) {
            for (Msg.Key k : group.getEnumConstants()) {
                keys.add(k.key());
            }
        }
        return keys;
    }

    private static Set<String> keysOf(ResourceBundle b) {
        return new TreeSet<>(Collections.list(b.getKeys()));
    }

    @Test
    void everyKeyHasBothLanguagesAndNoFileKeyLacksItsEnum() {
        Set<String> enums = keysOfEnums();
        for (Language l : Language.values()) {
            Set<String> file = keysOf(Msg.bundle(l));
            Set<String> missing = new TreeSet<>(enums);
            missing.removeAll(file);
            Set<String> orphans = new TreeSet<>(file);
            orphans.removeAll(enums);
            assertEquals(Set.of(), missing, "keys without a " + l + " message");
            assertEquals(Set.of(), orphans, "messages_" + l + " keys no enum names");
        }
    }

    @Test
    void bothLanguagesTakeTheSameArguments() {
        List<String> differ = new ArrayList<>();
        for (String key : keysOfEnums()) {
            String en = Msg.pattern(Language.EN, key);
            String ja = Msg.pattern(Language.JA, key);
            if (!signature(en).equals(signature(ja))) {
                differ.add(key + ": en " + signature(en) + " / ja " + signature(ja));
            }
        }
        assertEquals(List.of(), differ);
    }

    /** The arguments a pattern uses, each with its format type ("0", "1,number"), as MessageFormat will read them. */
    private static Set<String> signature(String pattern) {
        new MessageFormat(pattern);   // throws on an unbalanced brace
        Matcher m = Pattern.compile("\\{\\s*(\\d+)\\s*(,\\s*(\\w+))?").matcher(pattern.replaceAll("'[^']*'", ""));
        Set<String> sig = new TreeSet<>();
        while (m.find()) {
            sig.add(m.group(1) + (m.group(3) == null ? "" : "," + m.group(3)));
        }
        return sig;
    }

    @Test
    void noLoneApostropheWhichMessageFormatWouldSwallow() {
        List<String> bad = new ArrayList<>();
        for (Language l : Language.values()) {
            for (String key : keysOf(Msg.bundle(l))) {
                if (LONE_QUOTE.matcher(Msg.pattern(l, key)).find()) {
                    bad.add(l + " " + key + ": write '' for an apostrophe");
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void japaneseMessagesAreJapaneseAndUseTheGlossarysWords() {
        List<String> bad = new ArrayList<>();
        for (String key : keysOfEnums()) {
            String ja = Msg.pattern(Language.JA, key);
            String en = Msg.pattern(Language.EN, key);
            if (ENGLISH_WORD.matcher(en.replaceAll("\\{[^}]*}", "")).find() && !JAPANESE.matcher(ja).find()) {
                bad.add(key + ": not translated: " + ja);
            }
            for (Term t : Term.values()) {
                for (Pattern avoid : t.avoided()) {
                    if (avoid.matcher(ja).find()) {
                        bad.add(key + ": says " + avoid + " where the glossary says " + t.in(Language.JA));
                    }
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void glossaryHasEveryTermInBothLanguagesAndMessagesNameOnlyItsTerms() {
        for (Language l : Language.values()) {
            Set<String> file = keysOf(Term.words(l));
            for (Term t : Term.values()) {
                assertTrue(file.contains(t.key()), l + " glossary lacks " + t.key());
                assertTrue(!t.in(l).isBlank(), l + " " + t.key());
            }
            assertEquals(keysOf(Term.words(Language.EN)), file, "both glossaries have the same keys");
            for (Term t : Term.values()) {
                for (Pattern avoid : t.avoided()) {
                    for (Term other : Term.values()) {
                        assertTrue(!avoid.matcher(other.in(Language.JA)).find(),
                                other + " is itself a variant " + t + " avoids");
                    }
                }
            }
        }
        Set<String> names = new TreeSet<>(Arrays.stream(Term.values()).map(Term::key).toList());
        for (Language l : Language.values()) {
            ResourceBundle raw = Msg.load("messages_" + l.name().toLowerCase(java.util.Locale.ROOT));
            for (String key : keysOf(raw)) {
                Matcher m = TERM_REF.matcher(Objects.requireNonNull(readRaw(l, key)));
                while (m.find()) {
                    assertTrue(names.contains(m.group(1)), l + " " + key + " names no term: ${" + m.group(1) + "}");
                }
            }
        }
    }

    private static String readRaw(Language l, String key) {
        try (var in = Msg.class.getResourceAsStream("messages_" + l.name().toLowerCase(java.util.Locale.ROOT)
                + ".properties")) {
            java.util.Properties p = new java.util.Properties();
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            return p.getProperty(key);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void formatsArgumentsAndInlinesTerms() {
        assertEquals("順次読み出し", Term.SEQ_READ.in(Language.JA));
        assertEquals("sequential read", Term.SEQ_READ.in(Language.EN));
        assertEquals("seq read", Term.SEQ_READ.brief(Language.EN));
    }
}
