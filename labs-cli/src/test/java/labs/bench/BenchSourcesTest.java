package labs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * bench/ is run by hand, never in CI, so nothing else would notice when a change to labs breaks it. Here every bench
 * source is compiled (never run): the Java programs against labs' own class path (this module's test class path
 * holds every labs module and its libraries), the C VMM twin with gcc. Output goes to target/, never into bench/.
 */
class BenchSourcesTest {
    private static final Path BENCH = Path.of("..", "bench").toAbsolutePath().normalize();
    private static final Path OUT = Path.of("target", "bench").toAbsolutePath();

    @Test
    void everyJavaProgramInBenchCompilesAgainstLabs() throws IOException {
        List<String> sources;
        try (Stream<Path> s = Files.walk(BENCH)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().toList();
        }
        assertTrue(sources.size() >= 5, "bench's Java programs: " + sources);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assumeTrue(javac != null, "needs a JDK (javax.tools), not a JRE");
        Path classes = Files.createDirectories(OUT.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-proc:none", "-Xlint:all", "-encoding", "UTF-8",
                "-cp", System.getProperty("java.class.path"), "-d", classes.toString()));
        args.addAll(sources);
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        int rc = javac.run(null, diag, diag, args.toArray(String[]::new));
        assertEquals(0, rc, "javac " + String.join(" ", sources) + ":\n" + diag.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theCVmmTwinCompilesWithGcc() throws Exception {
        Path c = BENCH.resolve("vm-exit").resolve("vm_exit_bench.c");
        assertTrue(Files.isRegularFile(c), c.toString());
        assumeTrue(onPath("gcc"), "needs gcc and libc6-dev (apt-get install gcc libc6-dev) to compile " + c);
        Path obj = Files.createDirectories(OUT).resolve("vm_exit_bench.o");
        Path log = OUT.resolve("gcc.txt");
        // The flags run.sh builds it with, plus -Werror: a warning here is a bug in the benchmark.
        Process p = new ProcessBuilder("gcc", "-O2", "-Wall", "-Werror", "-c", "-o", obj.toString(), c.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "gcc did not finish");
        assertEquals(0, p.exitValue(), "gcc " + c + ":\n" + Files.readString(log));
        assertTrue(Files.size(obj) > 0, obj.toString());
    }

    private static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }
}
