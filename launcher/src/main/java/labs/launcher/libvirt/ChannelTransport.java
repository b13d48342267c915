package labs.launcher.libvirt;

import java.nio.file.Path;
import java.time.Duration;
import labs.launcher.agent.GuestAgent;
import labs.launcher.remote.SocketForward;

/**
 * How labs reaches the socket libvirt made for a domain's agent channel: on this machine directly; on a remote host
 * through the URI's own ssh, which forwards a private local socket to it ({@link SocketForward}).
 *
 * <p>Why not `virsh console --devname labs.agent` or the QEMU guest agent (measured, see the README): virsh console
 * refuses to run without a terminal, and in one it ends the session on the byte 0x1d (its escape, Ctrl-]) and lets
 * the terminal rewrite line ends, while the agent's frames carry any byte; `virsh qemu-agent-command` speaks to
 * qemu-ga (not in labs' guest) in JSON with base64 output fetched by polling, so a command's output could not
 * stream. libvirt's own API for the channel, virDomainOpenChannel, has no virsh command (and no Java binding).
 */
final class ChannelTransport implements AutoCloseable {
    private final Path socket;
    private final SocketForward forward;

    private ChannelTransport(Path socket, SocketForward forward) {
        this.socket = socket;
        this.forward = forward;
    }

    static ChannelTransport of(LibvirtUri uri, Path agentSocket) {
        if (!uri.remote()) {
            return new ChannelTransport(agentSocket, null);
        }
        SocketForward f = SocketForward.open(uri.ssh(), agentSocket);
        return new ChannelTransport(f.local(), f);
    }

    /** The agent, once it answered (a forward whose ssh exited ends the wait at once). */
    GuestAgent connect(Duration timeout) {
        try {
            return GuestAgent.connect(socket, timeout, forward == null ? null : forward.process());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (forward != null) {
            forward.close();
        }
    }
}
