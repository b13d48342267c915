package labs.launcher.amdv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job script is run here by the real /bin/sh, as the emulated machine runs it (chrooted into this root). */
class AmdVJobTest {
    @TempDir
    Path tmp;

    private record Result(int exit, String out, String err) {}

    private Result sh(AmdVJob job) throws Exception {
        Path script = tmp.resolve("run.sh");
        Files.writeString(script, job.script());
        Process p = new ProcessBuilder("/bin/sh", script.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out, err);
    }

    @Test
    void everyWordReachesTheCommandAsItIs() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("it's a $(folder)"));
        List<String> hostile = List.of("a b", "'", "\"", "$(touch pwned)", "`id`", "*", "x\ny", "--", "");
        List<String> argv = new java.util.ArrayList<>(List.of("/usr/bin/printf", "[%s]\\n"));
        argv.addAll(hostile);
        Map<String, String> env = new LinkedHashMap<>(Map.of("LABS_X", "v'$HOME"));
        Result r = sh(new AmdVJob(cwd, env, argv));
        assertEquals(0, r.exit(), r.err());
        StringBuilder want = new StringBuilder();
        hostile.forEach(h -> want.append('[').append(h).append("]\n"));
        assertEquals(want.toString(), r.out());
        assertTrue(Files.notExists(cwd.resolve("pwned")) && Files.notExists(Path.of("pwned")));
    }

    @Test
    void onlyTheGivenEnvironmentAndTheFolderReachTheCommand() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("here"));
        Result r = sh(new AmdVJob(cwd, Map.of("LABS_X", "v'$HOME"), List.of("/bin/sh", "-c", "pwd; env | sort")));
        assertEquals(cwd + "\nLABS_X=v'$HOME\nPWD=" + cwd + "\n", r.out().replaceAll("(?m)^(SHLVL|_)=.*\n", ""));
    }

    /** A crashed JVM's 134 reaches the host, which runs the lab again in a new machine; the machine does not. */
    @Test
    void aJvmCrashIsNotRunAgainInsideTheSameMachine() throws Exception {
        Path count = tmp.resolve("count");
        String cmd = "echo run >> '" + count + "'; exit 134";
        Result r = sh(new AmdVJob(tmp, Map.of(), List.of("/bin/sh", "-c", cmd)));
        assertEquals(AmdVJob.JVM_CRASH, r.exit());
        assertEquals("run\n", Files.readString(count));
    }

    @Test
    void otherExitStatusesPassThroughUnchanged() throws Exception {
        assertEquals(2, sh(new AmdVJob(tmp, Map.of(), List.of("/bin/sh", "-c", "exit 2"))).exit());
        assertEquals(1, sh(new AmdVJob(tmp, Map.of(), List.of("/bin/false"))).exit());
    }
}
