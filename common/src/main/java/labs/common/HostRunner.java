package labs.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        Process p = BoundChildren.start(pb);   // a fio or mpstat must not outlive a killed labs
        p.getOutputStream().close();
        Drain out = Drain.start(p.getInputStream());
        Drain err = Drain.start(p.getErrorStream());
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
                    "it was stopped; output so far:\n" + out.soFar() + err.soFar(), null);
        }
        return new ExecResult(List.copyOf(argv), p.exitValue(), out.all(), err.all());
    }

    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** One of a child's output pipes, read to its end on a thread of its own so that the child never blocks. */
    private record Drain(ByteArrayOutputStream buf, CompletableFuture<Void> done) {
        static Drain start(InputStream in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            return new Drain(buf, CompletableFuture.runAsync(() -> {
                try (in) {
                    in.transferTo(buf);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }

        /** All the command wrote; a read error on a command that ended by itself is an error, not less output. */
        String all() throws IOException {
            try {
                done.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof UncheckedIOException u) {
                    throw u.getCause();
                }
                throw e;
            }
            return buf.toString(StandardCharsets.UTF_8);
        }

        /**
         * What was read before the command was stopped: Process.destroy closes the pipes under the reading thread
         * ("Stream closed", seen on Java 25), so an error here is expected and the text read so far is the answer.
         */
        String soFar() {
            try {
                done.get(2, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // see above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return buf.toString(StandardCharsets.UTF_8);
        }
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
