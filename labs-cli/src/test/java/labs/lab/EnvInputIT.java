package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad environment values (issue 10 item 17), through the built jar in a child JVM since a test cannot set its
 * own environment: each is exit 2 with the fix, and nothing is created (no results folder, no VM, nothing in
 * the current folder).
 */
class EnvInputIT {
    @TempDir
    Path tmp;

    @Test
    void emptyLabsResultsWritesNothingIntoTheCurrentFolder() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));
        Run r = labs(cwd, Map.of("LABS_RESULTS", ""), "run", "vt-check");
        assertEquals(2, r.rc, r.err);
        assertTrue(r.err.contains("LABS_RESULTS"), r.err);
        assertEquals(List.of(), list(cwd));
    }

    @Test
    void aBadBootTimeoutStopsALabBeforeItsResultsFolder() throws Exception {
        Path data = tmp.resolve("data");
        for (String bad : List.of("abc", "-1", "1.5", "", "99999999999999")) {
            Run r = labs(tmp, Map.of("LABS_BOOT_TIMEOUT", bad, "LABS_DATA_DIR", data.toString()),
                    "run", "cpu-overhead", "--quick", "--results", tmp.resolve("results").toString());
            assertEquals(2, r.rc, bad + ": " + r.err);
            assertTrue(r.err.contains("fix: export LABS_BOOT_TIMEOUT="), r.err);
            Run start = labs(tmp, Map.of("LABS_BOOT_TIMEOUT", bad, "LABS_DATA_DIR", data.toString()),
                    "vm", "start", "nope");
            assertEquals(2, start.rc, start.err);
            assertTrue(start.err.contains("LABS_BOOT_TIMEOUT"), start.err);
        }
        assertTrue(Files.notExists(tmp.resolve("results")), "no results folder");
        assertTrue(!Files.exists(data.resolve("vms")) || list(data.resolve("vms")).stream()
                .noneMatch(p -> !p.getFileName().toString().startsWith(".")), "no VM");
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private record Run(int rc, String out, String err) {}

    private Run labs(Path cwd, Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("labs.jar")));
        argv.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("labs " + String.join(" ", args) + " did not end");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
