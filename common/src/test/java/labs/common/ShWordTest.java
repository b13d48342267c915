package labs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each word goes through a real shell and comes back as it was: a quoted word through sh (scripts labs runs), a typed
 * one through bash, the shell a student types a fix into ($'...' is bash's, not dash's).
 */
class ShWordTest {
    private static String through(String shell, String word) throws Exception {
        Process p = new ProcessBuilder(shell, "-c", "printf %s " + word).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor());
        return out;
    }

    @Test
    void quotedAndTypedWordsReachTheShellWhole() throws Exception {
        for (String s : List.of("results/io-compare", "my runs/it's", "a\nb'c", "$(rm -rf x)", "*", "-n", "a\\b", "")) {
            assertEquals(s, through("sh", ShWord.quoted(s)), ShWord.quoted(s));
            if (!s.isEmpty()) {
                assertEquals(s, through("bash", ShWord.typed(s)), ShWord.typed(s));
            }
        }
    }

    @Test
    void aPlainPathIsTypedBareAndAControlCharacterStaysOnOneLine() {
        assertEquals("results/cpu-overhead/20261130-180354", ShWord.typed("results/cpu-overhead/20261130-180354"));
        assertEquals("'my runs/it'\\''s'", ShWord.typed("my runs/it's"));
        assertEquals("$'a\\x0ab\\'c'", ShWord.typed("a\nb'c"));
    }
}
