package labs.launcher.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads the guest's side of an agent connection. It starts in line mode and skips whatever is not the READY the
 * connection waits for: bytes an earlier connection left unread (QEMU delivers the rest of a frame the guest wrote
 * for a host that went away to the next one) can be anything. From that READY on the stream is at a frame
 * boundary (the agent writes each frame whole), and a header that does not parse is an error, not noise.
 */
final class FrameReader {
    interface Handler {
        /** Whether this READY answers this connection (and so the stream is in step from here). */
        boolean syncsOn(AgentProtocol.Ready ready, boolean firstLine);

        /** Any reply but {@link AgentProtocol.Out}, whose payload goes to {@link #output} instead. */
        void reply(AgentProtocol.Reply reply);

        /** Part of an output frame's payload, in order (a frame may come in several parts). */
        void output(long id, int fd, byte[] bytes, int offset, int length);
    }

    private final ReadableByteChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    private boolean synced;
    private boolean firstLine = true;

    FrameReader(ReadableByteChannel channel) {
        this.channel = channel;
        buf.limit(0);
    }

    /** Reads until the connection ends; throws on a read error or a stream that is out of step. */
    void run(Handler handler) throws IOException {
        String line;
        while ((line = readLine()) != null) {
            Optional<AgentProtocol.Reply> reply = AgentProtocol.parse(line);
            boolean first = firstLine;
            firstLine = false;
            if (!synced) {
                if (reply.isPresent() && reply.get() instanceof AgentProtocol.Ready r && handler.syncsOn(r, first)) {
                    synced = true;
                    handler.reply(r);
                }
            } else if (reply.isEmpty()) {
                throw new IOException("the guest agent sent a malformed header '" + printable(line)
                        + "' (a labs-agent.sh that does not match this labs?)");
            } else if (reply.get() instanceof AgentProtocol.Out out) {
                copyPayload(out, handler);
            } else {
                handler.reply(reply.get());
            }
        }
    }

    private void copyPayload(AgentProtocol.Out out, Handler handler) throws IOException {
        int left = out.length();
        while (left > 0) {
            if (!buf.hasRemaining() && !fill()) {
                throw new IOException("the agent connection ended inside an output frame (" + left + " bytes short)");
            }
            int n = Math.min(left, buf.remaining());
            handler.output(out.id(), out.fd(), buf.array(), buf.arrayOffset() + buf.position(), n);
            buf.position(buf.position() + n);
            left -= n;
        }
    }

    /** The next line without its newline (bytes as ISO-8859-1), "" for an over-long one, null at the end. */
    private String readLine() throws IOException {
        boolean overlong = false;
        int scanned = buf.position();
        while (true) {
            for (int i = scanned; i < buf.limit(); i++) {
                if (buf.get(i) == '\n') {
                    int start = buf.position();
                    buf.position(i + 1);
                    return overlong ? "" : new String(buf.array(), buf.arrayOffset() + start, i - start,
                            StandardCharsets.ISO_8859_1);
                }
            }
            if (buf.remaining() >= AgentProtocol.MAX_HEADER) {
                if (synced) {
                    throw new IOException("the guest agent sent a header longer than " + AgentProtocol.MAX_HEADER
                            + " bytes");
                }
                overlong = true;
                buf.position(buf.limit());
            }
            int kept = buf.remaining();
            if (!fill()) {
                return null;
            }
            scanned = buf.position() + kept;
        }
    }

    /** Moves the unread bytes to the front and reads more; false at the end of the connection. */
    private boolean fill() throws IOException {
        buf.compact();
        try {
            int n;
            do {
                n = channel.read(buf);
            } while (n == 0);
            return n > 0;
        } finally {
            buf.flip();
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.substring(0, Math.min(s.length(), 80)).toCharArray()) {
            sb.append(c >= 32 && c < 127 ? c : '?');
        }
        return sb.toString();
    }
}
