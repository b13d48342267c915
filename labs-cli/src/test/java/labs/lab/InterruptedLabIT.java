package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in the middle of a lab, for real: the built jar runs cpu-overhead in a child JVM with its own VM store,
 * gets SIGINT while its guest boots or once the guest runs the lab's loop, and must leave neither a qemu process
 * nor the lab's VM behind.
 */
class InterruptedLabIT {
    @TempDir
    Path tmp;

    @Test
    void ctrlCWhileTheGuestBootsLeavesNoVmAndNoQemu() throws Exception {
        interruptAndCheck(false);
    }

    @Test
    void ctrlCWhileTheGuestRunsLeavesNoVmAndNoQemu() throws Exception {
        interruptAndCheck(true);
    }

    private void interruptAndCheck(boolean waitForGuestLoop) throws Exception {
        Path data = tmp.resolve("data");
        Path store = data.resolve("vms");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("labs.jar"), "run", "cpu-overhead", "--quick", "--lang", "en",
                "--results", tmp.resolve("results").toString())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(err.toFile());
        pb.environment().put("LABS_DATA_DIR", data.toString());
        Process labs = pb.start();
        try {
            ProcessHandle qemu = awaitQemu("cpu-overhead-", labs);
            if (waitForGuestLoop) {
                awaitLine(err, "guest loops for", labs);
            }
            assertTrue(labs.isAlive(), "the lab ended before it was interrupted: " + Files.readString(err));
            // What a terminal sends on Ctrl-C (Process.destroy would send SIGTERM).
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(labs.pid())).start().waitFor());
            assertTrue(labs.waitFor(60, TimeUnit.SECONDS), "labs did not exit after SIGINT");
            assertTrue(qemu.onExit().get(10, TimeUnit.SECONDS) != null);
            // Removed by the exit hook, or by the lab's own clean-up if its thread got there first.
            String stderr = Files.readString(err);
            try (Stream<Path> left = Files.list(store)) {
                assertEquals(List.of(), left.filter(Files::isDirectory)
                        .filter(p -> !p.getFileName().toString().startsWith(".")).toList(), stderr);
            }
            LabAssert.noQemuLeft("cpu-overhead-");
            // Said as what it was, not as what the lab saw on the way out (its guest's agent gone, a cut boot).
            assertTrue(stderr.contains("labs: interrupted (SIGINT)"), stderr);
            assertTrue(!stderr.contains("connection ended") && !stderr.contains("slow machine"), stderr);
            assertTrue(!stderr.contains("could not remove"), "the hook and the lab both clean up, quietly: " + stderr);
            assertEquals(130, labs.exitValue(), stderr);
            assertEquals("interrupted (SIGINT)", metaError(), stderr);
            if (waitForGuestLoop) {
                // The guest had booted: its console log is kept in the results even though the run was cut short.
                try (Stream<Path> runs = Files.list(tmp.resolve("results/cpu-overhead"))) {
                    Path run = runs.findFirst().orElseThrow();
                    assertTrue(Files.readString(run.resolve("raw/guest-console.log")).contains("labs-agent: ready"),
                            stderr);
                }
            }
        } finally {
            labs.destroyForcibly();
        }
    }

    /** SIGTERM while the host runs the lab's fixed job, before any guest exists. */
    @Test
    void sigtermDuringTheHostPhaseIsRecordedAsSuch() throws Exception {
        Path err = tmp.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("labs.jar"), "run", "cpu-overhead", "--quick", "--iterations", "50000000",
                "--lang", "en", "--results", tmp.resolve("results").toString())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(err.toFile());
        pb.environment().put("LABS_DATA_DIR", tmp.resolve("data").toString());
        Process labs = pb.start();
        try {
            awaitLine(err, "host: ", labs);
            Thread.sleep(500);
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(labs.pid())).start().waitFor());
            assertTrue(labs.waitFor(60, TimeUnit.SECONDS), "labs did not exit after SIGTERM");
            String stderr = Files.readString(err);
            assertTrue(stderr.contains("labs: interrupted (SIGTERM)"), stderr);
            assertEquals(143, labs.exitValue(), stderr);
            assertEquals("interrupted (SIGTERM)", metaError(), stderr);
        } finally {
            labs.destroyForcibly();
        }
    }

    private String metaError() throws Exception {
        try (Stream<Path> runs = Files.list(tmp.resolve("results/cpu-overhead"))) {
            Path run = runs.findFirst().orElseThrow();
            var meta = labs.common.Json.MAPPER.readTree(run.resolve("meta.json").toFile());
            assertTrue(!meta.path("complete").asBoolean(true), meta.toString());
            return meta.path("error").asText(null);
        }
    }

    private static void awaitLine(Path file, String text, Process labs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && labs.isAlive()) {
            if (Files.readString(file).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' from the lab within 120 s: " + Files.readString(file));
    }

    /** The lab's qemu, once it runs (the host's part of the lab comes first). */
    private static ProcessHandle awaitQemu(String vmPrefix, Process labs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && labs.isAlive()) {
            Optional<ProcessHandle> q = labs.descendants()
                    .filter(p -> p.info().commandLine().map(c -> c.contains("qemu-system") && c.contains(vmPrefix))
                            .orElse(false))
                    .findFirst();
            if (q.isPresent()) {
                return q.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no qemu for " + vmPrefix + " within 120 s");
    }
}
