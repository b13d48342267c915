package labs.launcher.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentProtocolTest {
    @Test
    void everyArgumentIsOneAsciiWordEvenWhenEmpty() {
        String line = AgentProtocol.exec(7, List.of("printf", "", "a b\n'\"", "日本"));
        assertTrue(line.endsWith("\n"));
        String[] words = line.strip().split(" ");
        assertEquals("EXEC", words[0]);
        assertEquals("7", words[1]);
        assertEquals(6, words.length);
        assertEquals("a", words[3]);
        assertEquals("a b\n'\"", new String(Base64.getDecoder().decode(words[4].substring(1)), StandardCharsets.UTF_8));
        assertTrue(line.chars().allMatch(c -> c < 128));
    }

    @Test
    void nulCannotBeAnArgument() {
        assertThrows(IllegalArgumentException.class, () -> AgentProtocol.exec(1, List.of("a\0b")));
    }

    @Test
    void parsesRepliesAndIgnoresNoise() {
        String out = Base64.getEncoder().encodeToString("x\ny".getBytes(StandardCharsets.UTF_8));
        AgentProtocol.Done d = assertInstanceOf(AgentProtocol.Done.class,
                AgentProtocol.parse("@@ DONE 12 3 o" + out + " e").orElseThrow());
        assertEquals(12, d.id());
        assertEquals(3, d.exitCode());
        assertArrayEquals("x\ny".getBytes(StandardCharsets.UTF_8), d.stdout());
        assertEquals(0, d.stderr().length);
        AgentProtocol.Ready r = assertInstanceOf(AgentProtocol.Ready.class,
                AgentProtocol.parse("@@ READY abc 6.1.0-56-amd64").orElseThrow());
        assertEquals("6.1.0-56-amd64", r.kernelRelease());
        assertInstanceOf(AgentProtocol.Bye.class, AgentProtocol.parse("@@ BYE").orElseThrow());
        for (String noise : List.of("", "[    2.94] reboot: Power down", "@@ DONE 1 0 o!!! e", "@@ DONE x 0 o e",
                "@@ DONE 1 0", "@@ WHAT", "DONE 1 0 o e")) {
            assertTrue(AgentProtocol.parse(noise).isEmpty(), noise);
        }
    }
}
