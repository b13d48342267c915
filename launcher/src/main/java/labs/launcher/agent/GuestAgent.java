package labs.launcher.agent;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import labs.common.CommandRunner;
import labs.common.ExecResult;
import labs.common.LabsException;

/**
 * The host end of the guest agent: runs commands inside the guest over its virtio-serial port (a UNIX socket
 * on the host), streams their stdin, stdout and stderr and returns their exit status. Thread-safe; commands run
 * concurrently in the guest (a workload lab runs fio and mpstat side by side), each frame matched to its command
 * by id. A command whose host closes the connection (or dies) is killed by the guest's agent.
 */
public final class GuestAgent implements CommandRunner, AutoCloseable {
    private final SocketChannel channel;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<Long, GuestProcess> running = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<AgentProtocol.Ready>> hellos = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> bye = new CompletableFuture<>();
    /** The agent's own announcement, sent once as soon as it opens its port: readiness without a round trip. */
    private final CompletableFuture<AgentProtocol.Ready> announced = new CompletableFuture<>();
    /**
     * Request ids start at a random point: a reply to a command of an earlier connection (its host went away
     * before the answer) is still queued in the guest and arrives first on the next connection, where it must
     * not match a new request.
     */
    private final AtomicLong ids = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 40) * 1000);
    private final Thread reader;
    private final Path socket;
    private volatile String kernelRelease = "";
    private volatile boolean closed;
    private volatile String lostReason;

    private GuestAgent(SocketChannel channel, Path socket) {
        this.channel = channel;
        this.socket = socket;
        this.reader = new Thread(this::readLoop, "labs-agent-reader " + socket.getFileName());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Waits until the agent in the guest answers; see {@link #connect(Path, Duration, ProcessHandle)}. */
    public static GuestAgent connect(Path socket, Duration readyTimeout) {
        return connect(socket, readyTimeout, null);
    }

    /**
     * Connects to the agent's socket (retrying while QEMU has not created it yet) and waits for the agent's
     * answer to a hello: the guest has booted, mounted its disks and runs commands from now on.
     *
     * @param qemu when given, a QEMU that exits ends the wait at once (a kernel panic, a bad option)
     * @throws LabsException when the agent did not answer within readyTimeout
     */
    public static GuestAgent connect(Path socket, Duration readyTimeout, ProcessHandle qemu) {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        SocketChannel ch = null;
        IOException last = null;
        while (ch == null) {
            checkAlive(qemu, socket);
            try {
                ch = open(socket);
            } catch (IOException e) {
                last = e;
                if (System.nanoTime() > deadline) {
                    throw notReady(socket, readyTimeout, Msg.get(VmText.AG_CANNOT_CONNECT, socket,
                            last.getMessage()));
                }
                sleep(50);
            }
        }
        GuestAgent agent = new GuestAgent(ch, socket);
        try {
            agent.awaitReady(deadline, readyTimeout, qemu);
            return agent;
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
    }

    /**
     * Connects without blocking: QEMU accepts one connection at a time and the next ones wait in its listen queue,
     * so once that queue is full a blocking connect would wait for ever, past any deadline. This one fails at once
     * (EAGAIN) and the caller tries again until its deadline.
     */
    private static SocketChannel open(Path socket) throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            c.configureBlocking(false);
            if (!c.connect(UnixDomainSocketAddress.of(socket)) && !c.finishConnect()) {
                throw new IOException("the connection is still pending");
            }
            c.configureBlocking(true);
            return c;
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Ready is event-driven: a freshly booted agent announces itself the moment it opens its port, and the reader
     * thread completes the wait as that line arrives. A hello is still sent, and repeated every 0.5 s, for an agent
     * that announced itself to an earlier connection (a second labs process, a reconnect): it only reads its port
     * once it has started, and what the host wrote before that is dropped by the guest's driver.
     */
    private void awaitReady(long deadline, Duration readyTimeout, ProcessHandle qemu) {
        String nonce = UUID.randomUUID().toString().substring(0, 8);
        CompletableFuture<AgentProtocol.Ready> ready = new CompletableFuture<>();
        hellos.put(nonce, ready);
        try {
            while (true) {
                checkAlive(qemu, socket);
                if (lostReason != null) {
                    throw notReady(socket, readyTimeout, lostReason);
                }
                send(AgentProtocol.hello(nonce), null, 0, 0);
                try {
                    AgentProtocol.Ready r = (AgentProtocol.Ready) CompletableFuture.anyOf(ready, announced)
                            .get(500, TimeUnit.MILLISECONDS);
                    if (r.version() != AgentProtocol.VERSION) {
                        throw new LabsException(Msg.get(VmText.AG_PROTOCOL, socket, r.version(),
                                AgentProtocol.VERSION), Msg.get(VmText.AG_PROTOCOL_WHY),
                                Msg.get(VmText.AG_PROTOCOL_FIX), LabsException.EXIT_FAILED, null);
                    }
                    kernelRelease = r.kernelRelease();
                    return;
                } catch (TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw notReady(socket, readyTimeout, Msg.get(VmText.AG_NO_HELLO));
                    }
                } catch (ExecutionException e) {
                    throw notReady(socket, readyTimeout, e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw LabsException.failed(Msg.get(VmText.AG_INTERRUPTED_WAIT), null, e);
                }
            }
        } finally {
            hellos.remove(nonce);
        }
    }

    /** The guest's kernel release, as the agent reported it when it answered. */
    public String kernelRelease() { return kernelRelease; }

    @Override
    public String side() { return "guest"; }

    /**
     * Runs argv in the guest (no shell: each element arrives as one argument, byte for byte) with the guest's
     * PATH, LC_ALL=C and S_TIME_FORMAT=ISO, in /data when the data disk is mounted, else /tmp; stdin is /dev/null.
     * Its outputs are decoded as UTF-8. On timeout or interrupt the command's whole session is killed in the guest
     * (a fio left running would write on into the next measurement); a timeout throws a LabsException.
     */
    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        GuestProcess p = start(argv, false, out, err);
        int code;
        try {
            code = p.waitFor(timeout);
        } catch (TimeoutException e) {
            killAndDrain(p);
            throw LabsException.failed(Msg.get(VmText.AG_NOT_FINISHED, String.join(" ", argv), timeout.toSeconds()),
                    Msg.get(VmText.AG_KILLED), null);
        } catch (InterruptedException e) {
            p.signal("KILL");
            throw e;
        }
        return new ExecResult(List.copyOf(argv), code, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Starts argv in the guest (see {@link #exec}) and returns at once; its stdout and stderr are written to out
     * and err by the connection's reader thread as they arrive (a slow OutputStream slows the guest's command
     * down, as a slow pipe would).
     *
     * @param stdin true: the command reads what {@link GuestProcess#writeStdin} sends; false: /dev/null
     */
    public GuestProcess start(List<String> argv, boolean stdin, OutputStream out, OutputStream err) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty argv");
        }
        long id = ids.incrementAndGet();
        byte[] frame;
        try {
            frame = AgentProtocol.exec(id, stdin, argv);
        } catch (IllegalArgumentException e) {
            throw LabsException.usage(Msg.get(VmText.AG_CANNOT_RUN, e.getMessage()), Msg.get(VmText.AG_CANNOT_RUN_FIX));
        }
        GuestProcess p = new GuestProcess(id, argv, this, out, err);
        running.put(id, p);
        try {
            send(frame, null, 0, 0);
        } catch (RuntimeException e) {
            running.remove(id);
            throw e;
        }
        return p;
    }

    /** After a SIGKILL, the output already on its way is still worth having: wait a little for the end. */
    public static void killAndDrain(GuestProcess p) throws InterruptedException {
        p.signal("KILL");
        try {
            p.waitFor(Duration.ofSeconds(5));
        } catch (TimeoutException | LabsException e) {
            // it is killed; what arrived is what there is
        }
    }

    void sendStdin(long id, long seq, byte[] b, int off, int len) {
        send(AgentProtocol.stdinHeader(id, seq, len), b, off, len);
    }

    void trySignal(long id, String name) {
        try {
            send(AgentProtocol.signal(id, name), null, 0, 0);
        } catch (LabsException e) {
            // the connection is gone, and the guest kills the commands of a host that went away
        }
    }

    /**
     * Asks the guest to power off (sync, unmount /data, power off) and waits up to 10 s for the agent's goodbye
     * or the end of the connection. QEMU exits by itself afterwards; whoever started it waits for that.
     */
    public void poweroff() {
        if (lostReason != null) {
            return;
        }
        try {
            send(AgentProtocol.poweroff(), null, 0, 0);
        } catch (LabsException e) {
            return;
        }
        try {
            bye.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the caller checks the QEMU process; a missing goodbye is not an error in itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // closing a socket that is already gone
        }
        failAll(Msg.get(VmText.AG_CONN_CLOSED), false);
    }

    /** One whole frame (header, then payload when given) under the write lock, so frames never interleave. */
    private void send(byte[] header, byte[] payload, int off, int len) {
        if (lostReason != null) {
            throw closed ? LabsException.failed(Msg.get(VmText.AG_GONE), lostReason, null)
                    : LabsException.guestLost(Msg.get(VmText.AG_GONE), lostReason);
        }
        writeLock.lock();
        try {
            writeFully(ByteBuffer.wrap(header));
            if (payload != null && len > 0) {
                writeFully(ByteBuffer.wrap(payload, off, len));
            }
        } catch (IOException e) {
            throw LabsException.failed(Msg.get(VmText.AG_CANNOT_WRITE, socket), e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    private void writeFully(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    private void readLoop() {
        String reason = Msg.get(VmText.AG_GUEST_CLOSED);
        try {
            new FrameReader(channel).run(new Dispatcher());
        } catch (IOException e) {
            if (!closed) {
                reason = Msg.get(VmText.AG_READ_FAILED, e.getMessage());
            }
        }
        lostReason = reason;
        bye.complete(null);
        failAll(reason, !closed);
    }

    /** Runs on the reader thread: hands each frame to whoever waits for it. */
    private final class Dispatcher implements FrameReader.Handler {
        @Override
        public boolean syncsOn(AgentProtocol.Ready ready, boolean firstLine) {
            return hellos.containsKey(ready.nonce()) || ready.nonce().equals("-") && firstLine;
        }

        @Override
        public void reply(AgentProtocol.Reply r) {
            if (r instanceof AgentProtocol.Exit x) {
                GuestProcess p = running.remove(x.id());
                if (p != null) {
                    p.exited(x.exitCode());
                }
            } else if (r instanceof AgentProtocol.Ack a) {
                GuestProcess p = running.get(a.id());
                if (p != null) {
                    p.acked();
                }
            } else if (r instanceof AgentProtocol.Ready ready) {
                if (ready.nonce().equals("-")) {
                    announced.complete(ready);
                }
                CompletableFuture<AgentProtocol.Ready> f = hellos.get(ready.nonce());
                if (f != null) {
                    f.complete(ready);
                }
            } else if (r instanceof AgentProtocol.Bye) {
                bye.complete(null);
            }
        }

        @Override
        public void output(long id, int fd, byte[] bytes, int offset, int length) {
            GuestProcess p = running.get(id);
            if (p != null) {
                p.output(fd, bytes, offset, length);
            }
        }
    }

    /** Fails whatever waits on the agent; guestSide: the guest went away (exit 4), not labs closing the connection. */
    private void failAll(String reason, boolean guestSide) {
        LabsException e = guestSide ? LabsException.guestLost(Msg.get(VmText.AG_ENDED), reason)
                : LabsException.failed(Msg.get(VmText.AG_ENDED), reason, null);
        running.values().forEach(p -> p.lost(e));
        running.clear();
        hellos.values().forEach(f -> f.completeExceptionally(e));
        announced.completeExceptionally(e);
    }

    private static void checkAlive(ProcessHandle qemu, Path socket) {
        if (qemu != null && !qemu.isAlive()) {
            throw LabsException.failed(Msg.get(VmText.AG_QEMU_EXITED, socket), Msg.get(VmText.AG_QEMU_EXITED_WHY),
                    null);
        }
    }

    private static LabsException notReady(Path socket, Duration timeout, String why) {
        return LabsException.failed(Msg.get(VmText.AG_NOT_READY, timeout.toSeconds(), socket),
                Msg.get(VmText.AG_NOT_READY_WHY, why), null);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed(Msg.get(VmText.AG_INTERRUPTED_CONNECT), null, e);
        }
    }
}
