package labs.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds English sentences in what labs printed under --lang ja: a line is flagged when, once the things that stay
 * as typed are taken out (commands in backticks, paths, options, key=value, quoted names, bracketed notes, numbers
 * with their units), three English words or more still follow each other, one of them a function word (the, of,
 * is ...): names such as "KVM PORT_OUT", "seq-read", "%usr %sys" or "QEMU TCG" never make a sentence. Lines that are another program's
 * own output (a transcript's indented command output, a table of figures) are the caller's to leave out.
 */
final class EnglishLines {
    /** The English words that make a sentence English (function words no name contains). */
    private static final Set<String> FUNCTION = Set.of("the", "a", "an", "is", "are", "was", "of", "to", "in", "on",
            "at", "and", "or", "but", "not", "no", "its", "it", "this", "that", "with", "for", "from", "by", "be",
            "can", "may", "will", "when", "while", "after", "before", "than", "so", "as", "what", "which");
    private static final Pattern STRIP = Pattern.compile(
            "`[^`]*`|'[^']*'|\"[^\"]*\"|\\S*/\\S*|--?[A-Za-z][\\w-]*(=\\S*)?|\\S+=\\S*|\\[[^\\]]*]|\\d[\\d.,:]*\\S*");
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z'%_-]*");

    private EnglishLines() {}

    /** The lines that still hold an English sentence. */
    static List<String> in(List<String> lines) {
        List<String> found = new ArrayList<>();
        for (String line : lines) {
            if (english(line)) {
                found.add(line);
            }
        }
        return found;
    }

    /** Three English words in a row, one of them a function word no technical name explains. */
    static boolean english(String line) {
        String rest = STRIP.matcher(line).replaceAll(" | ");
        Matcher m = WORD.matcher(rest);
        int run = 0;
        boolean function = false;
        int last = -1;
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT);
            boolean adjacent = last >= 0 && rest.substring(last, m.start()).isBlank();
            if (!adjacent) {
                run = 0;
                function = false;
            }
            run++;
            function |= FUNCTION.contains(w);
            last = m.end();
            if (run >= 3 && function) {
                return true;
            }
        }
        return false;
    }
}
