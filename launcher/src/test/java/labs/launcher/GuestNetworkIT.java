package labs.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import labs.common.ExecResult;
import labs.launcher.agent.GuestAgent;
import labs.launcher.guest.GuestImage;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.qemu.QemuCommand;
import org.junit.jupiter.api.Test;

/** Network only when asked: with network(true) the guest reaches a real HTTP server on the host through QEMU's
 *  user-mode network (10.0.2.2 is the host's loopback). The default, no NIC at all, is checked in GuestBootIT. */
class GuestNetworkIT {
    @Test
    void aGuestGivenANicReachesTheHost() throws Exception {
        GuestImage image = new GuestImageBuilder(GuestImageBuilder.defaultCacheRoot()).build(Optional.empty());
        Path dir = Files.createTempDirectory("labs-net-it", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/hello", ex -> {
            byte[] body = "hello from the host\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
        List<String> argv = QemuCommand.of(MachineSpec.builder("net-it", image).network(true)
                .agentSocket(dir.resolve("agent.sock")).qmpSocket(dir.resolve("qmp.sock"))
                .consoleLog(dir.resolve("console.log")).build());
        Process qemu = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.out").toFile()).start();
        try (GuestAgent agent = GuestAgent.connect(dir.resolve("agent.sock"), Duration.ofSeconds(120), qemu.toHandle())) {
            ExecResult addr = agent.exec(List.of("ip", "addr", "show", "eth0"), Duration.ofSeconds(30));
            assertTrue(addr.stdout().contains("10.0.2.15/24"), addr.stdout() + addr.stderr());
            ExecResult get = agent.exec(List.of("wget", "-q", "-O", "-",
                    "http://10.0.2.2:" + http.getAddress().getPort() + "/hello"), Duration.ofSeconds(60));
            assertEquals("hello from the host\n", get.stdout(), get.stderr());
            assertEquals("nameserver 10.0.2.3\n", agent.exec(List.of("cat", "/etc/resolv.conf"),
                    Duration.ofSeconds(30)).stdout());
            agent.poweroff();
            assertTrue(qemu.waitFor(30, TimeUnit.SECONDS));
        } finally {
            http.stop(0);
            if (qemu.isAlive()) {
                qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
