package labs.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.launcher.agent.GuestAgent;
import labs.launcher.guest.GuestImage;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.qemu.QemuCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Builds the real guest image (the shared user cache, so the ~70 MB kernel download happens once per machine),
 * boots it under TCG with a plain ProcessBuilder and talks to its agent. Nothing here is simulated.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuestBootIT {
    private static GuestImage image;
    private static Path dir;
    private static Process qemu;
    private static GuestAgent agent;

    @BeforeAll
    static void boot() throws Exception {
        image = new GuestImageBuilder(GuestImageBuilder.defaultCacheRoot()).build(Optional.empty());
        dir = Files.createTempDirectory("labs-guest-it", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path data = dir.resolve("data.img");
        ExecResult mk = HostRunner.INSTANCE.exec(List.of("mke2fs", "-q", "-F", "-t", "ext4", data.toString(), "64M"),
                Duration.ofSeconds(60));
        assertTrue(mk.ok(), mk.tail(5));
        List<String> argv = QemuCommand.of(MachineSpec.builder("guest-it", image)
                .accel(AccelPlan.decide(AccelChoice.TCG, AccelProbe.TCG_ONLY)).vcpus(2).memoryMiB(512)
                .dataDisk(data, DiskFormat.RAW, CacheMode.NONE)
                .agentSocket(dir.resolve("agent.sock")).qmpSocket(dir.resolve("qmp.sock"))
                .consoleLog(dir.resolve("console.log")).build());
        qemu = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("qemu.out").toFile())
                .start();
        try {
            agent = GuestAgent.connect(dir.resolve("agent.sock"), Duration.ofSeconds(120), qemu.toHandle());
        } catch (LabsException e) {
            throw new AssertionError(e.getMessage() + "\nconsole:\n" + Files.readString(dir.resolve("console.log"))
                    + "\nqemu:\n" + Files.readString(dir.resolve("qemu.out")), e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (qemu != null && qemu.isAlive()) {
            qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static ExecResult run(String... argv) throws Exception {
        return agent.exec(List.of(argv), Duration.ofSeconds(60));
    }

    @Test
    @Order(1)
    void unameIsTheImagesKernel() throws Exception {
        ExecResult r = run("uname", "-r");
        assertEquals(0, r.exitCode());
        assertEquals(image.kernelRelease(), r.stdout().strip());
        assertEquals(image.kernelRelease(), agent.kernelRelease());
    }

    @Test
    @Order(2)
    void fioAndMpstatRunInside() throws Exception {
        ExecResult fio = run("fio", "--version");
        assertEquals(0, fio.exitCode(), fio.stderr());
        assertTrue(fio.stdout().startsWith("fio-"), fio.stdout());
        ExecResult mp = run("mpstat", "1", "1");
        assertEquals(0, mp.exitCode(), mp.stderr());
        assertTrue(mp.stdout().contains("%idle") && mp.stdout().contains("guest-it"), mp.stdout());
    }

    @Test
    @Order(3)
    void awkwardArgumentsArriveIntact() throws Exception {
        List<String> args = List.of("two words", "it's \"quoted\"", "line1\nline2\n", "日本語 ✓", "", "$HOME `id` *",
                "-n", "  lead and trail  ");
        List<String> argv = new java.util.ArrayList<>(List.of("printf", "[%s]"));
        argv.addAll(args);
        ExecResult r = agent.exec(argv, Duration.ofSeconds(30));
        assertEquals(0, r.exitCode(), r.stderr());
        StringBuilder expected = new StringBuilder();
        args.forEach(a -> expected.append('[').append(a).append(']'));
        assertEquals(expected.toString(), r.stdout());
    }

    @Test
    @Order(4)
    void exitStatusAndBothStreams() throws Exception {
        ExecResult r = run("sh", "-c", "echo out; echo err >&2; exit 7");
        assertEquals(7, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
        assertEquals(127, run("no-such-command").exitCode());
    }

    /** The first command can only finish after the second ran: serialised commands would time out. */
    @Test
    @Order(5)
    void commandsRunConcurrently() throws Exception {
        CompletableFuture<ExecResult> waiter = CompletableFuture.supplyAsync(() -> call(
                "sh", "-c", "while [ ! -e /tmp/flag ]; do usleep 20000; done; echo waited"));
        Thread.sleep(300);
        ExecResult setter = run("sh", "-c", "touch /tmp/flag; echo set");
        assertEquals("set\n", setter.stdout());
        assertEquals("waited\n", waiter.get(60, TimeUnit.SECONDS).stdout());
    }

    @Test
    @Order(6)
    void dataDiskIsMountedReadWriteAndRootIsReadOnly() throws Exception {
        ExecResult w = run("sh", "-c", "echo hello > /data/f && cat /data/f && pwd");
        assertEquals("hello\n/data\n", w.stdout(), w.stderr());
        assertFalse(run("touch", "/usr/x").ok());
    }

    @Test
    @Order(6)
    void noNetworkUnlessAsked() throws Exception {
        assertEquals("lo\n", run("ls", "/sys/class/net").stdout());
    }

    @Test
    @Order(7)
    void aTimedOutCommandIsKilledAndTheAgentGoesOn() throws Exception {
        assertThrows(LabsException.class, () -> agent.exec(List.of("sleep", "600"), Duration.ofSeconds(1)));
        assertEquals("ok\n", run("echo", "ok").stdout());
        ExecResult ps = run("sh", "-c", "ps | grep -c '[s]leep 600'");
        assertEquals("0", ps.stdout().strip());
    }

    /** `labs vm exec` connects anew each time: the agent serves one connection after another. */
    @Test
    @Order(8)
    void aNewConnectionAfterCloseIsServed() throws Exception {
        agent.close();
        agent = GuestAgent.connect(dir.resolve("agent.sock"), Duration.ofSeconds(30), qemu.toHandle());
        assertEquals(image.kernelRelease(), run("uname", "-r").stdout().strip());
    }

    @Test
    @Order(9)
    void largeOutputArrivesWhole() throws Exception {
        ExecResult r = run("sh", "-c", "dd if=/dev/urandom of=/tmp/big bs=1024 count=1024 2>/dev/null; "
                + "md5sum < /tmp/big; cat /tmp/big | base64");
        assertEquals(0, r.exitCode(), r.stderr());
        String[] parts = r.stdout().split("\n", 2);
        byte[] big = java.util.Base64.getMimeDecoder().decode(parts[1]);
        assertEquals(1024 * 1024, big.length);
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(big));
        assertEquals(parts[0].split(" ")[0], md5);
    }

    @Test
    @Order(10)
    void poweroffEndsQemu() throws Exception {
        agent.poweroff();
        assertTrue(qemu.waitFor(30, TimeUnit.SECONDS), "QEMU still running after poweroff");
        assertEquals(0, qemu.exitValue());
        assertFalse(Files.exists(dir.resolve("agent.sock")) && qemu.isAlive());
    }

    private static ExecResult call(String... argv) {
        try {
            return run(argv);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
