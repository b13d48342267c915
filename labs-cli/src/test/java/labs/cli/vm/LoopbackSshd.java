package labs.cli.vm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An sshd of the test's own on 127.0.0.1 and a free port, with a host key and a client key made here by ssh-keygen:
 * the "remote" libvirt host of a qemu+ssh URI. It runs under a small sh that kills it when its input ends, so it
 * stops with {@link #close} and also when the test JVM is killed (its pipe closes then).
 */
final class LoopbackSshd implements AutoCloseable {
    final Path dir;
    final int port;
    private final Process process;

    private LoopbackSshd(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static LoopbackSshd start(Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "needs /usr/sbin/sshd: apt-get install "
                + "openssh-server (run-tests installs it)");
        keygen(dir.resolve("host_key"));
        keygen(dir.resolve("client_key"));
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        Files.createDirectories(Path.of("/run/sshd"));   // sshd's privilege separation folder
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("sshd_config"), String.join("\n", "Port " + port, "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"), "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PermitRootLogin prohibit-password", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                "UsePAM no", "StrictModes no", "AllowStreamLocalForwarding yes", "PidFile none", ""));
        // "$@" is sshd and its arguments, never parsed as code; read ends when the JVM's end of the pipe closes
        Process p = new ProcessBuilder("sh", "-c", "\"$@\" & p=$!; read _; kill $p; wait $p", "sh",
                "/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        LoopbackSshd d = new LoopbackSshd(dir, port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!d.listening()) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                d.close();
                throw new IllegalStateException("sshd did not listen: " + Files.readString(dir.resolve("sshd.log")));
            }
            Thread.sleep(100);
        }
        return d;
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** qemu+ssh to this sshd's libvirt, with the client key and no host key check (a host key made a second ago). */
    String uri() {
        return "qemu+ssh://root@127.0.0.1:" + port + "/system?keyfile=" + dir.resolve("client_key")
                + "&known_hosts=" + dir.resolve("known_hosts") + "&no_verify=1";
    }

    private static void keygen(Path key) throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ssh-keygen failed for " + key);
        }
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
