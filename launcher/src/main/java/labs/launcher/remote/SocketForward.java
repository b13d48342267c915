package labs.launcher.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import labs.common.LabsException;
import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;

/**
 * A UNIX socket on the remote libvirt host (the agent channel's, which libvirt made there) reachable at a private
 * socket on this machine, through the URI's own ssh ({@code ssh -N -L LOCAL:REMOTE}, OpenSSH's stream-local
 * forwarding: nothing to install on the host). Closing it stops ssh and removes the local socket's folder.
 */
public final class SocketForward implements AutoCloseable {
    private final Process ssh;
    private final Path dir;
    private final Path local;

    private SocketForward(Process ssh, Path dir, Path local) {
        this.ssh = ssh;
        this.dir = dir;
        this.local = local;
    }

    /** Starts the forward; connections to {@link #local()} are retried by the caller until it is up. */
    public static SocketForward open(SshHost host, Path remote) {
        if (remote.toString().contains(":") || remote.toString().contains("\n")) {
            throw LabsException.failed(Msg.get(LauncherText.SSH_SOCKET_COLON, remote),
                    null, null);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("labs-agent-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path local = dir.resolve("agent.sock");
            // Under a small sh that stops ssh when its input ends: when this forward is closed, and also when labs
            // is killed (the pipe closes then), so no ssh outlives labs. "$@" is ssh's argv, never parsed as code.
            List<String> argv = new java.util.ArrayList<>(List.of("sh", "-c", "\"$@\" & p=$!; read _; kill $p", "sh"));
            argv.addAll(host.ssh("-N", "-o", "ExitOnForwardFailure=yes", "-o", "StreamLocalBindUnlink=yes",
                    "-L", local + ":" + remote));
            Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return new SocketForward(p, dir, local);
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new LabsException(Msg.get(LauncherText.SSH_CANNOT_RUN, host.display()), e.toString(),
                    "apt-get install openssh-client");
        }
    }

    public Path local() { return local; }

    /** The process carrying the forward: when it has exited, waiting for the socket is pointless. */
    public ProcessHandle process() { return ssh.toHandle(); }

    @Override
    public void close() {
        try {
            ssh.getOutputStream().close();   // the sh kills ssh and exits
        } catch (IOException ignored) {
            // it has exited already
        }
        try {
            if (!ssh.waitFor(5, TimeUnit.SECONDS)) {
                ssh.destroyForcibly();
            }
        } catch (InterruptedException e) {
            ssh.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve("agent.sock"));
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a private folder left in the temp dir
        }
    }
}
