package labs.launcher.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import labs.common.Json;
import labs.common.LabsException;
import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;

/**
 * The QEMU Machine Protocol over QEMU's UNIX socket, as libvirt drives QEMU: one JSON object per line, a greeting,
 * the capabilities handshake, then commands whose replies are "return" or "error" (asynchronous "event" lines in
 * between are skipped). One client at a time: QEMU's QMP socket serves one connection, so connect, ask, close.
 */
public final class QmpClient implements AutoCloseable {
    /** One vCPU as query-cpus-fast reports it: its index and the host thread that runs it. */
    public record VcpuThread(int cpuIndex, long threadId) {}

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    private final Duration replyTimeout;
    private final SocketChannel channel;
    private final BufferedReader in;
    private final ExecutorService reader;

    private QmpClient(SocketChannel channel, Duration replyTimeout) {
        this.replyTimeout = replyTimeout;
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "qmp-reader");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects (retrying while QEMU has not yet created the socket) and completes the capabilities handshake. */
    public static QmpClient connect(Path socket, Duration timeout) {
        return connect(socket, timeout, REPLY_TIMEOUT);
    }

    /**
     * As {@link #connect(Path, Duration)}, with a bound on each reply: a look that must not wait (vm list) gives
     * up quickly when another client holds QEMU's one QMP connection (the greeting then only comes once it closes).
     */
    public static QmpClient connect(Path socket, Duration timeout, Duration replyTimeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (true) {
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(socket));
                QmpClient c = new QmpClient(ch, replyTimeout);
                try {
                    JsonNode greeting = c.readMessage();
                    if (!greeting.has("QMP")) {
                        throw new IOException("no QMP greeting, got: " + greeting);
                    }
                    c.execute("qmp_capabilities", null);
                    return c;
                } catch (IOException | RuntimeException e) {
                    c.close();
                    throw e;
                }
            } catch (IOException e) {
                last = e;
                closeQuietly(ch);
            }
            if (System.nanoTime() > deadline) {
                throw LabsException.failed(Msg.get(LauncherText.QMP_CANNOT_TALK, socket),
                        last == null ? Msg.get(LauncherText.QMP_NO_ANSWER) : last.toString(), last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw LabsException.failed(Msg.get(LauncherText.QMP_INTERRUPTED), null, e);
            }
        }
    }

    /** Sends a command and returns its "return" value; a QMP "error" becomes an exception with QEMU's words. */
    public JsonNode execute(String command, Map<String, Object> arguments) throws IOException {
        ObjectNode msg = Json.MAPPER.createObjectNode().put("execute", command);
        if (arguments != null && !arguments.isEmpty()) {
            msg.set("arguments", Json.MAPPER.valueToTree(arguments));
        }
        byte[] line = (Json.MAPPER.writer().without(
                com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(msg) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(line);
        synchronized (this) {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            while (true) {
                JsonNode reply = readMessage();
                if (reply.has("return")) {
                    return reply.get("return");
                }
                if (reply.has("error")) {
                    JsonNode err = reply.get("error");
                    throw new IOException("QMP " + command + " failed: " + err.path("class").asText() + ": "
                            + err.path("desc").asText());
                }
                // an asynchronous event (e.g. POWERDOWN, SHUTDOWN): not the reply we wait for
            }
        }
    }

    public List<VcpuThread> queryCpusFast() throws IOException {
        List<VcpuThread> out = new ArrayList<>();
        for (JsonNode cpu : execute("query-cpus-fast", null)) {
            out.add(new VcpuThread(cpu.path("cpu-index").asInt(), cpu.path("thread-id").asLong()));
        }
        out.sort(java.util.Comparator.comparingInt(VcpuThread::cpuIndex));
        return out;
    }

    /** "running", "paused", "shutdown", "internal-error", ... */
    public String queryStatus() throws IOException {
        return execute("query-status", null).path("status").asText();
    }

    /**
     * Block devices whose last I/O failed, as "id: io-status" ("data: nospace", "data: failed"): why a guest is
     * paused when a disk's werror/rerror policy is stop (QEMU's default for ENOSPC on writes).
     */
    public List<String> failedBlockDevices() throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode dev : execute("query-block", null)) {
            String io = dev.path("io-status").asText("ok");
            if (!io.equals("ok")) {
                String id = dev.path("device").asText("");   // the -drive id: "data", "root"
                out.add((id.isEmpty() ? dev.path("qdev").asText("?") : id) + ": " + io);
            }
        }
        return out;
    }

    /** Resumes a paused guest (what `virsh resume` sends). */
    public void cont() throws IOException {
        execute("cont", null);
    }

    /** Pauses the guest's vCPUs (what `virsh suspend` sends). */
    public void stop() throws IOException {
        execute("stop", null);
    }

    /** The ACPI power button: the guest decides to shut down (virsh shutdown). */
    public void systemPowerdown() throws IOException {
        execute("system_powerdown", null);
    }

    /** QEMU exits at once, the guest gets no say (virsh destroy). QEMU may close the socket before replying. */
    public void quit() {
        try {
            execute("quit", null);
        } catch (IOException e) {
            // the connection closing is the expected answer to quit
        }
    }

    private JsonNode readMessage() throws IOException {
        Future<String> f = reader.submit(in::readLine);
        String line;
        try {
            line = f.get(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IOException("QEMU did not answer on QMP within " + replyTimeout.toMillis() / 1000.0 + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for QMP", e);
        }
        if (line == null) {
            throw new IOException("QEMU closed the QMP connection");
        }
        return Json.MAPPER.readTree(line);
    }

    @Override
    public void close() {
        closeQuietly(channel);
        reader.shutdownNow();
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
