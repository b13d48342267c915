package labs.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands as child processes of labs, with a C locale so that tool output parses the same everywhere. */
public final class HostRunner implements CommandRunner {
    public static final HostRunner INSTANCE = new HostRunner();

    @Override
    public String side() { return "host"; }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        Map<String, String> env = pb.environment();
        env.put("LC_ALL", "C");
        env.put("S_TIME_FORMAT", "ISO");
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // The caller gave up on the command (a lab stopping its collectors): it must not outlive the wait.
            stop(p);
            throw e;
        }
        if (!finished) {
            stop(p);
            p.waitFor();
            throw LabsException.failed(argv.get(0) + " did not finish within " + timeout.toSeconds() + " s",
                    "it was stopped; output so far:\n" + out.join() + err.join(), null);
        }
        return new ExecResult(List.copyOf(argv), p.exitValue(), out.join(), err.join());
    }

    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (in) {
                in.transferTo(buf);
            } catch (IOException e) {
                // Process.destroy closes the pipes of the process it stops (the timeout and interrupt paths) while
                // this thread may still read them ("Stream closed", seen on Java 25): what was read is the output.
            }
            return buf.toString(StandardCharsets.UTF_8);
        });
    }

    /** The absolute path of an executable found on PATH (or in the sbin folders a non-root PATH lacks), or null. */
    public static Path which(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin:/usr/local/sbin").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Whether this process runs as root (uid 0), read without JNA to keep start-up cheap. */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: not knowing is treated as not root, which only costs a sudo prompt.
        }
        return "root".equals(System.getProperty("user.name"));
    }
}
