package labs.cli.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import labs.common.Json;

/** The built labs jar run as a user runs it, on one VM store: for the `labs vm` ITs. */
final class LabsCli {
    record Run(int exit, String out, String err) {}

    private LabsCli() {}

    /** Runs labs to its end (at most 5 minutes) and returns its exit status and output. */
    static Run run(Path dataDir, Map<String, String> env, String... args) throws Exception {
        Process p = start(dataDir, env, args);
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        return new Run(p.exitValue(), out, err);
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
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("labs.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LABS_DATA_DIR", dataDir.toString());
        pb.environment().putAll(env);
        return pb.start();
    }
}
