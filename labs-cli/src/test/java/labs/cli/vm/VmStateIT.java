package labs.cli.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import labs.common.HostRunner;
import labs.common.Json;
import labs.launcher.qmp.QmpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `vm list` and `vm exec` tell the truth about a live qemu, for real: a guest paused with QMP `stop`, a guest that
 * QEMU paused because the host filesystem under its disk filled up (a real small tmpfs; root only), and a guest
 * whose `vm start` was killed with -9 while it booted and which never became ready (its qemu frozen with SIGSTOP).
 */
class VmStateIT {
    @TempDir
    Path tmp;

    private Path data;
    private Path mounted;

    private LabsCli.Run labs(Map<String, String> env, String... args) throws Exception {
        return LabsCli.run(dataDir(), env, args);
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        return LabsCli.start(dataDir(), env, args);
    }

    private Path dataDir() {
        return data != null ? data : tmp.resolve("data");
    }

    private Path vmDir(String name) {
        return dataDir().resolve("vms").resolve(name);
    }

    @AfterEach
    void cleanUp() throws Exception {
        Process pg = new ProcessBuilder("pgrep", "-f", tmp.toString()).start();
        String left = new String(pg.getInputStream().readAllBytes()).strip();
        pg.waitFor();
        for (String pid : left.isEmpty() ? new String[0] : left.split("\\s+")) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (mounted != null) {
            Thread.sleep(500);
            new ProcessBuilder("umount", "-l", mounted.toString()).inheritIO().start().waitFor();
        }
        assertEquals("", left, "a process of this test's store was left running");
    }

    @Test
    void aGuestPausedWithQmpStopIsPausedAndExecSaysSo() throws Exception {
        createAndStart("p1", Map.of());
        try (QmpClient qmp = QmpClient.connect(vmDir("p1").resolve("qmp.sock"), Duration.ofSeconds(10))) {
            qmp.stop();
        }
        assertEquals("paused", state("p1"));
        LabsCli.Run list = labs(Map.of(), "vm", "list");
        assertTrue(list.out().contains("p1 is paused: QEMU status paused"), list.out());

        LabsCli.Run exec = labs(Map.of(), "vm", "exec", "p1", "--", "true");
        assertEquals(1, exec.exit(), exec.err());
        assertTrue(exec.err().contains("VM 'p1' is paused"), exec.err());
        assertTrue(exec.err().contains("labs vm destroy p1") && exec.err().contains("\"cont\""), exec.err());
        assertFalse(exec.err().contains("booting or hung"), exec.err());

        // item 8 of the hostile re-run: the fix given above works with labs alone (no socat)
        assertTrue(exec.err().contains("labs vm resume p1"), exec.err());
        LabsCli.Run resume = labs(Map.of(), "vm", "resume", "p1");
        assertEquals(0, resume.exit(), resume.err());
        assertTrue(resume.out().contains("VM 'p1' resumed (it was paused)"), resume.out());
        assertEquals("running", state("p1"));
        assertEquals(0, labs(Map.of(), "vm", "exec", "p1", "--", "true").exit());
        destroy("p1");
    }

    @Test
    void aFullHostDiskPausesTheGuestAndListSaysIoError() throws Exception {
        Assumptions.assumeTrue(HostRunner.isRoot(), "needs root: mounts a small tmpfs under the VM store");
        mounted = Files.createDirectories(tmp.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs",
                mounted.toString()).inheritIO().start();
        assertEquals(0, mount.waitFor(), "mount tmpfs");
        data = mounted.resolve("data");
        // writeback: QEMU's writes reach the tmpfs at once and fail with ENOSPC there (werror's default: stop)
        createAndStart("full1", Map.of("--cache", "writeback", "--disk-size", "64"));
        Process filler = start(Map.of(), "vm", "exec", "full1", "--", "dd", "if=/dev/urandom", "of=/data/fill",
                "bs=1M", "count=48", "conv=fsync");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String s = state("full1");
        while (!s.equals("io-error") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            s = state("full1");
        }
        assertEquals("io-error", s, "the guest is paused on the full disk");
        LabsCli.Run list = labs(Map.of(), "vm", "list", "--json");
        JsonNode row = Json.MAPPER.readTree(list.out()).get(0);
        assertTrue(row.path("note").asText().contains("data: nospace"), row.toString());
        assertTrue(row.path("note").asText().contains("is full"), row.toString());
        LabsCli.Run exec = labs(Map.of(), "vm", "exec", "full1", "--", "true");
        assertEquals(1, exec.exit(), exec.err());
        assertTrue(exec.err().contains("is io-error") && exec.err().contains("free space"), exec.err());
        destroy("full1");
        filler.destroyForcibly();
    }

    @Test
    void aStartKilledMidBootIsBootingOnlyWithinTheBootLimitThenNotResponding() throws Exception {
        assertEquals(0, labs(Map.of(), "vm", "create", "b1", "--accel", "tcg", "--disk-size", "32", "--memory",
                "256").exit());
        Process starter = start(Map.of(), "vm", "start", "b1");
        Path runtime = vmDir("b1").resolve("runtime.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(runtime) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long qemu = Json.MAPPER.readTree(runtime.toFile()).path("pid").asLong();
        // the guest will never be ready: its qemu is frozen, and its starter dies without a word
        assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(qemu)).start().waitFor());
        starter.destroyForcibly();
        starter.waitFor();
        assertEquals("booting", state("b1"), "within the boot limit it may still come up");
        // The 1 s limit below must have passed since qemu started: on a quiet machine the lines above take less.
        OffsetDateTime started = OffsetDateTime.parse(Json.MAPPER.readTree(runtime.toFile()).path("startedAt")
                .asText());
        while (OffsetDateTime.now().isBefore(started.plus(Duration.ofMillis(1500)))) {
            Thread.sleep(100);
        }
        LabsCli.Run list = labs(Map.of("LABS_BOOT_TIMEOUT", "1"), "vm", "list");
        assertTrue(list.out().contains("not responding"), list.out());
        assertTrue(list.out().contains("is gone and the guest never reported ready within 1 s"), list.out());
        assertTrue(list.out().contains("labs vm destroy b1"), list.out());
        destroy("b1");
        assertTrue(gone(qemu), "qemu " + qemu + " still runs after destroy");
    }

    /**
     * Hostile re-run, item 2: runtime.json of a running VM damaged by hand made labs call it shut off, so start
     * broke its sockets and undefine deleted the disk under the running qemu. The qemu is found on /proc instead.
     */
    @Test
    void aDamagedRuntimeOfARunningGuestLeavesItRunningAndStoppable() throws Exception {
        createAndStart("d1", Map.of());
        Path runtime = vmDir("d1").resolve("runtime.json");
        long qemu = Json.MAPPER.readTree(runtime.toFile()).path("pid").asLong();
        Files.writeString(runtime, "{\"pid\": \n");
        assertEquals("running", state("d1"));
        LabsCli.Run list = labs(Map.of(), "vm", "list");
        assertTrue(list.out().contains("damaged runtime") && list.out().contains("pid " + qemu), list.out());

        LabsCli.Run start = labs(Map.of(), "vm", "start", "d1");
        assertEquals(2, start.exit(), start.err());
        assertTrue(start.err().contains("already running (qemu pid " + qemu + ")"), start.err());
        assertTrue(Files.exists(vmDir("d1").resolve("qmp.sock")), "start must leave the running qemu's sockets");
        LabsCli.Run undefine = labs(Map.of(), "vm", "undefine", "d1", "--remove-all-storage");
        assertEquals(2, undefine.exit(), undefine.err());
        assertTrue(undefine.err().contains("is running (qemu pid " + qemu + ")"), undefine.err());
        assertTrue(Files.exists(vmDir("d1").resolve("disk.qcow2")), "the disk under the running qemu is kept");

        // item 4: a bad LABS_BOOT_TIMEOUT matters to a boot only; list warns once and still shows the VM
        LabsCli.Run badLimit = labs(Map.of("LABS_BOOT_TIMEOUT", "abc"), "vm", "list");
        assertEquals(0, badLimit.exit(), badLimit.err());
        assertTrue(badLimit.out().contains("d1") && !badLimit.out().contains("No VMs defined"), badLimit.out());
        assertEquals(1, badLimit.err().split("LABS_BOOT_TIMEOUT='abc'", -1).length - 1, badLimit.err());
        assertFalse(badLimit.err().contains("skipping VM"), badLimit.err());

        LabsCli.Run d = labs(Map.of(), "vm", "destroy", "d1");
        assertEquals(0, d.exit(), d.err());
        assertFalse(d.out().contains("was not running"), d.out());
        assertTrue(gone(qemu), "qemu " + qemu + " still runs after destroy");
        assertEquals("shut off", state("d1"));
    }

    /** No such process, or only its zombie (its parent, the killed starter, is gone; init reaps it later). */
    private static boolean gone(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = Files.readString(stat);
            return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        }
    }

    private void createAndStart(String name, Map<String, String> options) throws Exception {
        List<String> args = new ArrayList<>(List.of("vm", "create", name, "--accel", "tcg", "--memory", "256"));
        if (!options.containsKey("--disk-size")) {
            args.addAll(List.of("--disk-size", "32"));
        }
        options.forEach((k, v) -> args.addAll(List.of(k, v)));
        LabsCli.Run create = labs(Map.of(), args.toArray(String[]::new));
        assertEquals(0, create.exit(), create.err());
        LabsCli.Run start = labs(Map.of(), "vm", "start", name);
        assertEquals(0, start.exit(), start.err());
        assertEquals("running", state(name));
    }

    private void destroy(String name) throws Exception {
        LabsCli.Run d = labs(Map.of(), "vm", "destroy", name);
        assertEquals(0, d.exit(), d.err());
        assertEquals("shut off", state(name));
    }

    private String state(String name) throws Exception {
        return LabsCli.state(dataDir(), name);
    }
}
