package labs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EchoTest {
    @Test
    void shortInputIsKeptControlCharactersAreShown() {
        assertEquals("abc", Echo.of("abc"));
        assertEquals("a\\nb\\tc\\u001b[2J", Echo.of("a\nb\tc\u001b[2J"));
        assertEquals("null", Echo.of(null));
    }

    @Test
    void longInputIsCutAt200Characters() {
        assertEquals("x".repeat(Echo.MAX) + "…", Echo.of("x".repeat(60_000_000)));
        assertEquals("x".repeat(Echo.MAX), Echo.of("x".repeat(Echo.MAX)));
    }
}
