package labs.cli.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import labs.common.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * `labs vm ...` and `labs run vm-lifecycle` as a student runs them: the built jar in a child process, on a
 * temporary store (LABS_DATA_DIR), real QEMU under TCG. Faults: bad names, a labs killed with -9 while it boots,
 * a boot watchdog that fires.
 */
class VmCliIT {
    @TempDir
    Path tmp;

    private LabsCli.Run labs(Map<String, String> env, String... args) throws Exception {
        return LabsCli.run(tmp.resolve("data"), env, args);
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        return LabsCli.start(tmp.resolve("data"), env, args);
    }

    private Path vms() { return tmp.resolve("data").resolve("vms"); }

    @AfterEach
    void nothingLeftRunning() throws Exception {
        Process pg = new ProcessBuilder("pgrep", "-f", tmp.toString()).start();
        String left = new String(pg.getInputStream().readAllBytes()).strip();
        pg.waitFor();
        if (!left.isEmpty()) {
            new ProcessBuilder(List.of("pkill", "-9", "-f", tmp.toString())).start().waitFor();
        }
        assertEquals("", left, "a process of this test's store was left running");
    }

    @Test
    void badNamesAndUnknownVmsExit2AndWriteNothing() throws Exception {
        for (String bad : List.of("../escape", "a/b", "", "x".repeat(65), "bad\u0001name", "-rf")) {
            LabsCli.Run r = labs(Map.of(), "vm", "create", bad, "--disk-size", "16");
            assertEquals(2, r.exit(), bad + ": " + r.err());
            assertTrue(r.err().contains("invalid VM name") || r.err().contains("Unknown option")
                    || r.err().contains("Missing required parameter"), r.err());
        }
        assertFalse(Files.exists(tmp.resolve("escape")));
        LabsCli.Run exec = labs(Map.of(), "vm", "exec", "nosuch", "--", "true");
        assertEquals(2, exec.exit(), exec.err());
        assertTrue(exec.err().contains("labs vm list"), exec.err());
        LabsCli.Run cpus = labs(Map.of(), "vm", "create", "ok1", "--cpuset", "99");
        assertEquals(2, cpus.exit(), cpus.err());
        assertTrue(!Files.exists(vms()) || isEmpty(vms()), "nothing written for bad input");
    }

    @Test
    void killedWhileBootingThenListExecAndDestroyTellTheTruth() throws Exception {
        LabsCli.Run create = labs(Map.of(), "vm", "create", "k1", "--accel", "tcg", "--disk-size", "32", "--memory", "256");
        assertEquals(0, create.exit(), create.err());

        // the watchdog: 1 s is too short for any boot here, so it must stop the guest and show its console
        LabsCli.Run hang = labs(Map.of("LABS_BOOT_TIMEOUT", "1"), "vm", "start", "k1");
        assertEquals(1, hang.exit(), hang.err());
        assertTrue(hang.err().contains("did not report ready within 1 s"), hang.err());
        assertTrue(hang.err().contains("console tail"), hang.err());
        assertEquals("shut off", state("k1"));

        Process starter = start(Map.of(), "vm", "start", "k1");
        Path runtime = vms().resolve("k1").resolve("runtime.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(runtime) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        starter.destroyForcibly(); // SIGKILL: no shutdown hook runs, qemu keeps booting on its own
        starter.waitFor();
        String s = state("k1");
        assertTrue(s.equals("booting") || s.equals("running"), s);

        LabsCli.Run exec = labs(Map.of(), "vm", "exec", "k1", "--", "sh", "-c", "echo hi; exit 7");
        assertEquals(7, exec.exit(), exec.err());
        assertEquals("hi\n", exec.out());
        assertEquals("running", state("k1"), "exec adopted the VM once its agent answered");

        LabsCli.Run destroy = labs(Map.of(), "vm", "destroy", "k1");
        assertEquals(0, destroy.exit(), destroy.err());
        assertEquals("shut off", state("k1"));
        assertFalse(Files.exists(vms().resolve("k1").resolve("qmp.sock")));

        LabsCli.Run undefine = labs(Map.of(), "vm", "undefine", "k1", "--remove-all-storage");
        assertEquals(0, undefine.exit(), undefine.err());
        assertFalse(Files.exists(vms().resolve("k1")));
    }

    @Test
    void lifecycleLabWritesItsResultsAndLeavesNoVm() throws Exception {
        Path results = tmp.resolve("results");
        LabsCli.Run r = labs(Map.of(), "run", "vm-lifecycle", "--accel", "tcg", "--results", results.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("== Step 10: undefine the clone"), r.out());
        assertTrue(r.out().contains("(gone)"), r.out());
        Path run;
        try (Stream<Path> s = Files.list(results.resolve("vm-lifecycle"))) {
            run = s.findFirst().orElseThrow();
        }
        JsonNode meta = Json.MAPPER.readTree(run.resolve("meta.json").toFile());
        assertTrue(meta.path("complete").asBoolean(), meta.toString());
        assertEquals("tcg", meta.path("accelerator").asText());
        assertTrue(meta.path("host").has("cpuModel"), meta.toString());
        assertTrue(Files.readString(run.resolve("domain.xml")).contains("<domain type=\"qemu\">"));
        assertTrue(Files.readString(run.resolve("ps.txt")).contains("CPU 0/TCG"));
        List<String> csv = Files.readAllLines(run.resolve("steps.csv"));
        assertEquals("step,seconds", csv.get(0));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("clone,")), csv.toString());
        assertTrue(Files.size(run.resolve("steps.png")) > 1000);
        assertTrue(Files.readString(run.resolve("transcript.txt")).contains("virsh undefine"));
        assertTrue(isEmpty(vms()), "the lab removed both VMs");
    }

    /**
     * SIGTERM (what Ctrl-C's SIGINT also triggers: the JVM's shutdown hooks) in the middle of the lab: at step 3
     * one VM runs; at step 7 the VM and its linked clone run, and the clone must go before the base it reads; at
     * step 11 (--keep) the VM is booting again to be kept: it is either wholly kept (the boot won the race) or gone.
     */
    @ParameterizedTest
    @ValueSource(ints = {3, 7, 11})
    void interruptedLabStopsAndRemovesTheVmsItMade(int step) throws Exception {
        Process lab = start(Map.of(), "run", "vm-lifecycle", "--accel", "tcg", "--name", "intr", "--keep",
                "--results", tmp.resolve("results").toString());
        StringBuffer out = new StringBuffer();
        StringBuffer err = new StringBuffer();
        Thread reader = drain(lab.getInputStream(), out);
        Thread errReader = drain(lab.getErrorStream(), err);
        String marker = "== Step " + step;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!out.toString().contains(marker) && lab.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(out.toString().contains(marker), out.toString());
        lab.destroy();
        assertTrue(lab.waitFor(90, TimeUnit.SECONDS));
        reader.join(10_000);
        errReader.join(10_000);
        // The lab's thread runs on while the JVM exits: it must not boot or define anything behind the hook's back.
        if (out.toString().contains("Kept: intr is running")) {
            assertEquals("running", state("intr"), err.toString());   // kept before the signal came: the user's now
            assertEquals(0, labs(Map.of(), "vm", "destroy", "intr").exit());
            assertEquals(0, labs(Map.of(), "vm", "undefine", "intr", "--remove-all-storage").exit());
        }
        assertEquals("absent", state("intr"), err.toString());
        assertEquals("absent", state("intr-clone"), err.toString());
        assertTrue(isEmpty(vms()), "no folder left for the lab's VMs: " + err);
        assertFalse(err.toString().contains("could not remove"), err.toString());
    }

    private static Thread drain(java.io.InputStream in, StringBuffer into) {
        Thread t = new Thread(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(in))) {
                r.lines().forEach(l -> into.append(l).append('\n'));
            } catch (IOException | java.io.UncheckedIOException e) {
                // the process ended
            }
        });
        t.start();
        return t;
    }

    private String state(String name) throws Exception {
        return LabsCli.state(tmp.resolve("data"), name);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
