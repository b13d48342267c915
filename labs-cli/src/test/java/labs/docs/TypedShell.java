package labs.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A student's shell in the repository's top folder, as the documents assume: `./labs` there is the built jar (a
 * two-line script standing in for the repository's build-and-run script, which would rebuild the tree), and each
 * document line runs through bash exactly as written, on a store of the test's own (LABS_DATA_DIR).
 */
final class TypedShell {
    record Result(String line, int exit, String out, String err) {
        @Override
        public String toString() {
            return "$ " + line + "\n[exit " + exit + "]\n" + out + err;
        }
    }

    final Path top;
    final Path data;

    TypedShell(Path tmp) throws IOException {
        top = Files.createDirectories(tmp.resolve("top"));
        data = tmp.resolve("data");
        Path labs = top.resolve("labs");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(labs, "#!/bin/sh\nexec '" + java + "' -jar '" + System.getProperty("labs.jar")
                + "' \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(labs, PosixFilePermissions.fromString("rwx------"));
    }

    /** Runs one line as typed (bash -c LINE) and waits for it, at most 5 minutes. */
    Result run(String line) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", line)).directory(top.toFile());
        pb.environment().put("LABS_DATA_DIR", data.toString());
        pb.environment().remove("LABS_RESULTS");
        pb.environment().remove("LABS_CONNECT");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path out = Files.createTempFile(top, "out", ".txt");
        Path err = Files.createTempFile(top, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 5 minutes: " + line);
        }
        Result r = new Result(line, p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** Runs it and requires exit 0, as a student would expect of a command the document gives. */
    Result ok(String line) throws Exception {
        Result r = run(line);
        assertTrue(r.exit() == 0, "the document's command failed as typed:\n" + r);
        return r;
    }

    /** No qemu (or labs) of this test's store left running; kills what is and says so. */
    String leftRunning() throws Exception {
        Process pg = new ProcessBuilder("pgrep", "-f", data.toString()).start();
        String left = new String(pg.getInputStream().readAllBytes()).strip();
        pg.waitFor();
        for (String pid : left.isEmpty() ? new String[0] : left.split("\\s+")) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
        return left;
    }
}
