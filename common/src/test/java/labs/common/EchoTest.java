package labs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EchoTest {
    @Test
    void shortInputIsKeptControlCharactersAreShown() {
        assertEquals("abc", Echo.of("abc"));
        assertEquals("a\\nb\\tc\\u001b[2J", Echo.of("a\nb\tc\u001b[2J"));
        assertEquals("null", Echo.of(null));
    }

    @Test
    void longInputIsCutAt200CharactersAndSaysHowLongItWas() {
        String e = Echo.of("x".repeat(60_000_000));
        assertTrue(e.startsWith("x".repeat(Echo.MAX) + "…"), e);
        assertTrue(e.endsWith("(60000000 characters)"), e);
        assertTrue(e.length() < Echo.MAX + 40);
    }
}
