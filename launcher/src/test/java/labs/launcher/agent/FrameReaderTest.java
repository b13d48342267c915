package labs.launcher.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
    /** Collects what the reader hands over. */
    private static final class Collect implements FrameReader.Handler {
        final String nonce;
        final List<AgentProtocol.Reply> replies = new ArrayList<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        Collect(String nonce) { this.nonce = nonce; }

        @Override
        public boolean syncsOn(AgentProtocol.Ready ready, boolean firstLine) {
            return ready.nonce().equals(nonce) || ready.nonce().equals("-") && firstLine;
        }

        @Override
        public void reply(AgentProtocol.Reply reply) { replies.add(reply); }

        @Override
        public void output(long id, int fd, byte[] bytes, int offset, int length) {
            (fd == 1 ? out : err).write(bytes, offset, length);
        }
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    /** A channel that hands out at most {@code step} bytes per read, as a socket may. */
    private static ReadableByteChannel trickle(byte[] data, int step) {
        ReadableByteChannel in = Channels.newChannel(new ByteArrayInputStream(data));
        return new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                ByteBuffer part = dst.slice().limit(Math.min(step, dst.remaining()));
                int n = in.read(part);
                if (n > 0) {
                    dst.position(dst.position() + n);
                }
                return n;
            }

            @Override public boolean isOpen() { return true; }

            @Override public void close() { }
        };
    }

    @Test
    void skipsWhatAnEarlierConnectionLeftThenReadsBinaryFramesWhole() throws IOException {
        byte[] payload = new byte[200_000];
        new Random(1).nextBytes(payload);
        byte[] tricky = ascii("\n@@ EXIT 9 0\n@@ READY n1 x\n");
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        // the rest of a frame written for a host that went away: binary, and lines that look like replies
        s.writeBytes(new byte[] {0, (byte) 0xff, 'x'});
        s.writeBytes(ascii("\n@@ READY - old\n@@ EXIT 9 0\n@@ READY other 1\n"));
        s.writeBytes(new byte[5000]);
        s.writeBytes(ascii("\n@@ READY n1 6.1 2\n@@ OUT 9 1 " + payload.length + "\n"));
        s.writeBytes(payload);
        s.writeBytes(ascii("@@ OUT 9 2 " + tricky.length + "\n"));
        s.writeBytes(tricky);
        s.writeBytes(ascii("@@ ACK 9 0\n@@ READY n1 6.1 2\n@@ EXIT 9 3\n"));
        for (int step : new int[] {1 << 20, 7, 1}) {
            Collect c = new Collect("n1");
            new FrameReader(trickle(s.toByteArray(), step)).run(c);
            assertArrayEquals(payload, c.out.toByteArray(), "step " + step);
            assertArrayEquals(tricky, c.err.toByteArray());
            assertEquals(List.of(new AgentProtocol.Ready("n1", "6.1", 2), new AgentProtocol.Ack(9, 0),
                    new AgentProtocol.Ready("n1", "6.1", 2), new AgentProtocol.Exit(9, 3)), c.replies);
        }
    }

    @Test
    void theBootAnnouncementCountsOnlyAsTheFirstLine() throws IOException {
        Collect first = new Collect("n1");
        new FrameReader(trickle(ascii("@@ READY - 6.1 2\n@@ EXIT 1 0\n"), 3)).run(first);
        assertEquals(List.of(new AgentProtocol.Ready("-", "6.1", 2), new AgentProtocol.Exit(1, 0)), first.replies);
        Collect later = new Collect("n1");
        new FrameReader(trickle(ascii("junk\n@@ READY - 6.1 2\n@@ EXIT 1 0\n"), 3)).run(later);
        assertTrue(later.replies.isEmpty(), later.replies.toString());
    }

    @Test
    void aStreamOutOfStepIsAnErrorOnceInStep() {
        Collect c = new Collect("n1");
        IOException e = assertThrows(IOException.class, () -> new FrameReader(trickle(
                ascii("@@ READY n1 6.1 2\n@@ OUT 1 1 3\nabc@@ OUT 1 1 2\nabc\n"), 5)).run(c));
        assertTrue(e.getMessage().contains("malformed header 'c'"), e.getMessage());
        Collect cut = new Collect("n1");
        IOException short_ = assertThrows(IOException.class, () -> new FrameReader(trickle(
                ascii("@@ READY n1 6.1 2\n@@ OUT 1 1 30\nabc"), 5)).run(cut));
        assertTrue(short_.getMessage().contains("27 bytes short"), short_.getMessage());
    }

    @Test
    void overlongLinesAreSkippedBeforeTheReadyAndAnErrorAfter() throws IOException {
        byte[] longLine = new byte[100_000];
        java.util.Arrays.fill(longLine, (byte) '@');
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(longLine);
        s.writeBytes(ascii("\n@@ READY n1 6.1 2\n"));
        Collect c = new Collect("n1");
        new FrameReader(trickle(s.toByteArray(), 4096)).run(c);
        assertEquals(List.of(new AgentProtocol.Ready("n1", "6.1", 2)), c.replies);
        s.writeBytes(longLine);
        assertThrows(IOException.class, () -> new FrameReader(trickle(s.toByteArray(), 4096)).run(new Collect("n1")));
    }
}
