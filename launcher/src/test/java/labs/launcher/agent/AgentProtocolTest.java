package labs.launcher.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import labs.common.ExecResult;
import labs.common.HostRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentProtocolTest {
    @TempDir
    Path tmp;

    private static String text(byte[] b) { return new String(b, StandardCharsets.ISO_8859_1); }

    @Test
    void execFrameIsAHeaderAndAQuotedScriptOfTheSaidLength() {
        byte[] frame = AgentProtocol.exec(7, true, List.of("printf", "", "it's"));
        String s = text(frame);
        int nl = s.indexOf('\n');
        String[] h = s.substring(0, nl).split(" ");
        assertEquals(List.of("EXEC", "7", "1"), List.of(h[0], h[1], h[2]));
        assertEquals(Integer.parseInt(h[3]), frame.length - nl - 1);
        assertEquals("set -- 'printf' '' 'it'\\''s'\nargv_ok='7'\n", s.substring(nl + 1));
    }

    /** The guest's own shell (busybox ash, as in the guest) gets back every byte but NUL of every argument. */
    @Test
    void busyboxShellReadsBackEveryArgumentByteForByte() throws Exception {
        StringBuilder all = new StringBuilder();
        for (int c = 1; c < 0x800; c++) {
            all.append((char) c);
        }
        List<String> argv = List.of(all.toString(), "", "a b", "it's", "'", "\\", "\n", "$(touch x)", "`id`", "-n",
                "日本あ", "\u0081\u0088");
        byte[] frame = AgentProtocol.exec(42, false, argv);
        String s = text(frame);
        Path script = tmp.resolve("argv");
        Files.write(script, java.util.Arrays.copyOfRange(frame, s.indexOf('\n') + 1, frame.length));
        ExecResult r = HostRunner.INSTANCE.exec(List.of("busybox", "sh", "-c", "f() { . \"$1\"; "
                + "[ \"$argv_ok\" = 42 ] || exit 9; for a in \"$@\"; do printf '%s' \"$a\" | od -An -v -tx1 "
                + "| tr -d ' \\n'; echo; done; }; f " + script), Duration.ofSeconds(20));
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> hex = new ArrayList<>(List.of(r.stdout().split("\n", -1)));
        hex.remove(hex.size() - 1);
        assertEquals(argv.size(), hex.size());
        for (int i = 0; i < argv.size(); i++) {
            assertEquals(java.util.HexFormat.of().formatHex(argv.get(i).getBytes(StandardCharsets.UTF_8)),
                    hex.get(i), "argument " + i);
        }
        assertTrue(Files.notExists(Path.of("x")) && Files.notExists(tmp.resolve("x")), "nothing was evaluated");
    }

    @Test
    void nulCannotBeAnArgumentAndHugeListsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AgentProtocol.exec(1, false, List.of("a\0b")));
        String big = "x".repeat(1 << 20);
        assertThrows(IllegalArgumentException.class, () -> AgentProtocol.exec(1, false,
                List.of(big, big, big, big, big)));
    }

    @Test
    void requestsAreOneAsciiLine() {
        assertEquals("STDIN 5 3 100\n", text(AgentProtocol.stdinHeader(5, 3, 100)));
        assertEquals("SIGNAL 5 KILL\n", text(AgentProtocol.signal(5, "KILL")));
        assertThrows(IllegalArgumentException.class, () -> AgentProtocol.signal(5, "KILL; reboot"));
        assertEquals("HELLO ab12\n", text(AgentProtocol.hello("ab12")));
    }

    @Test
    void parsesRepliesAndRejectsAnythingElse() {
        AgentProtocol.Out o = assertInstanceOf(AgentProtocol.Out.class, AgentProtocol.parse("@@ OUT 12 2 65536")
                .orElseThrow());
        assertEquals(new AgentProtocol.Out(12, 2, 65536), o);
        assertEquals(new AgentProtocol.Exit(12, 137), AgentProtocol.parse("@@ EXIT 12 137").orElseThrow());
        assertEquals(new AgentProtocol.Ack(12, 4), AgentProtocol.parse("@@ ACK 12 4").orElseThrow());
        assertEquals(new AgentProtocol.Ready("abc", "6.1.0-56-amd64", AgentProtocol.VERSION),
                AgentProtocol.parse("@@ READY abc 6.1.0-56-amd64 2").orElseThrow());
        // the line agent before this protocol said no version: connect refuses it with the fix (restart the VM)
        assertEquals(1, assertInstanceOf(AgentProtocol.Ready.class,
                AgentProtocol.parse("@@ READY abc 6.1.0-56-amd64").orElseThrow()).version());
        assertInstanceOf(AgentProtocol.Bye.class, AgentProtocol.parse("@@ BYE").orElseThrow());
        for (String noise : List.of("", "[    2.94] reboot: Power down", "@@ OUT 1 3 5", "@@ OUT 1 1 0",
                "@@ OUT 1 1 -5", "@@ OUT x 1 5", "@@ EXIT 1", "@@ WHAT", "OUT 1 1 5", "@@ DONE 1 0 o e",
                "@@ READY  x", "@@ READY a b c d", "@@ READY a b two", "@@ BYE now")) {
            assertTrue(AgentProtocol.parse(noise).isEmpty(), noise);
        }
    }

    @Test
    void stdinFrameCarriesItsBytesUnchanged() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(AgentProtocol.stdinHeader(1, 0, 3));
        b.writeBytes(new byte[] {0, (byte) 0xff, '\n'});
        assertArrayEquals(new byte[] {'S', 'T', 'D', 'I', 'N', ' ', '1', ' ', '0', ' ', '3', '\n', 0, (byte) 0xff,
            '\n'}, b.toByteArray());
    }
}
