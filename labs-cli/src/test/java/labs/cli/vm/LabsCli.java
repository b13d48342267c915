package labs.cli.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import labs.common.Json;

/**
 * The built labs jar run as a user runs it, on one VM store: for the ITs that run labs as a command (`labs vm`, and
 * the Japanese-output ITs). Output goes to files, not pipes, so a long stderr cannot block labs while stdout is read.
 */
public final class LabsCli {
    public record Run(int exit, String out, String err) {
        /** stdout's lines, then stderr's. */
        public List<String> lines() {
            List<String> all = new ArrayList<>(out.lines().toList());
            all.addAll(err.lines().toList());
            return all;
        }
    }

    private LabsCli() {}

    /** Runs labs to its end (at most 5 minutes) and returns its exit status and output. */
    public static Run run(Path dataDir, Map<String, String> env, String... args) throws Exception {
        return run(dataDir, env, 5, args);
    }

    /** Runs labs to its end (at most limitMinutes) and returns its exit status and output. */
    public static Run run(Path dataDir, Map<String, String> env, int limitMinutes, String... args) throws Exception {
        Path out = Files.createTempFile("labs-out", ".txt");
        Path err = Files.createTempFile("labs-err", ".txt");
        try {
            ProcessBuilder pb = builder(dataDir, env, args).redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            assertTrue(p.waitFor(limitMinutes, TimeUnit.MINUTES),
                    "labs " + String.join(" ", args) + " did not finish in " + limitMinutes + " min");
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The VM's state as `labs vm list --json` says it, or "absent". */
    static String state(Path dataDir, String name) throws Exception {
        Run r = run(dataDir, Map.of(), "vm", "list", "--json");
        assertEquals(0, r.exit(), r.err());
        for (JsonNode vm : Json.MAPPER.readTree(r.out())) {
            if (vm.path("name").asText().equals(name)) {
                return vm.path("state").asText();
            }
        }
        return "absent";
    }

    /** Starts labs with LABS_DATA_DIR=dataDir and env on top. */
    static Process start(Path dataDir, Map<String, String> env, String... args) throws IOException {
        return builder(dataDir, env, args).start();
    }

    private static ProcessBuilder builder(Path dataDir, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("labs.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LABS_DATA_DIR", dataDir.toString());
        pb.environment().putAll(env);
        return pb;
    }
}
