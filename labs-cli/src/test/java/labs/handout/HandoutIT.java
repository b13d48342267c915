package labs.handout;

import labs.common.i18n.HandoutText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import labs.charts.Lang;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `labs handout` as a student types it, through the built jar in its own JVM: in a folder whose results/ holds a
 * real run (the committed io-compare quick run), without --run, so it finds the newest run itself; and in a folder
 * without one, where it says which command makes one.
 */
class HandoutIT {
    @TempDir
    Path tmp;

    @Test
    void theNewestRunBecomesAHandoutAndNoRunSaysWhatToRun() throws Exception {
        Poppler.assumeInstalled();
        Path cwd = Files.createDirectories(tmp.resolve("class"));
        Path run = HandoutTest.run("io-compare");
        Path copy = Files.createDirectories(cwd.resolve("results/io-compare").resolve(run.getFileName()));
        try (Stream<Path> s = Files.list(run)) {
            for (Path f : s.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Run r = labs(cwd, "handout", "io-compare", "--lang", "ja");
        assertEquals(0, r.rc, r.toString());
        assertEquals("", r.err, "nothing on stderr: the renderer's and PDFBox's logging stays quiet");
        Path pdf = cwd.resolve("handouts/03-io-compare-" + run.getFileName() + ".ja.pdf");
        assertTrue(r.out.contains("handouts/03-io-compare-" + run.getFileName() + ".ja.html"), r.out);
        String text = HandoutTest.flat(Poppler.text(pdf));
        for (String expected : List.of(HandoutText.YOUR_RUN.in(Lang.JA.language()), HandoutText.CONDITIONS.in(Lang.JA.language()),
                "ホストとゲストのストレージI/O", "1195.9123", "AMDEPYC")) {   // a median of figures.csv, the machine
            assertTrue(text.contains(HandoutTest.flat(expected)), expected + " in:\n" + text);
        }

        Run none = labs(cwd, "handout", "cpu-overhead");
        assertEquals(2, none.rc, none.toString());
        assertTrue(none.err.contains("fix: ./labs run cpu-overhead --quick"), none.err);
        assertTrue(!Files.exists(cwd.resolve("results/cpu-overhead")), "nothing made for it");
    }

    /**
     * Ctrl-C while the handout is being written: labs ends with 130 and leaves no temporary file, and never the
     * HTML without its PDF. SIGINT is sent as soon as the first temporary file shows in --out (polled).
     */
    @Test
    void ctrlCWhileWritingLeavesNoTemporaryFileAndNoHalfPair() throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("ctrl-c"));
        Path run = HandoutTest.run("io-compare");
        Path copy = Files.createDirectories(cwd.resolve("results/io-compare").resolve(run.getFileName()));
        try (Stream<Path> s = Files.list(run)) {
            for (Path f : s.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path out = cwd.resolve("handouts");
        boolean caught = false;
        for (int attempt = 0; attempt < 3 && !caught; attempt++) {
            List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", System.getProperty("labs.jar"), "handout", "io-compare", "--lang", "ja"));
            Process p = new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("ctrl-c.txt").toFile()).start();
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (p.isAlive() && System.nanoTime() < until && !caught) {
                caught = Files.isDirectory(out) && tmpFiles(out) > 0;
                if (!caught) {
                    Thread.sleep(5);
                }
            }
            if (caught) {
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            }
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "labs handout ended");
            if (caught) {
                assertEquals(130, p.exitValue(), Files.readString(tmp.resolve("ctrl-c.txt")));
            }
            assertEquals(0, tmpFiles(out), "no temporary file left");
            try (Stream<Path> s = Files.list(out)) {
                long html = 0;
                long pdf = 0;
                for (Path f : s.toList()) {
                    html += f.toString().endsWith(".html") ? 1 : 0;
                    pdf += f.toString().endsWith(".pdf") ? 1 : 0;
                }
                assertEquals(html, pdf, "the HTML and the PDF both or neither");
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(caught, "the handout was written before a temporary file showed");
    }

    /**
     * The user nobody (through setpriv) given root's run folder it may not read, then a meta.json it may not read:
     * each said as such with exit 2 (before: "no meta.json in it", "1 stopped part way", the bare path as the why).
     */
    @Test
    void anotherUsersUnreadableRunIsSaidAsSuch() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")
                == 0, "needs root: runs labs as nobody");
        Path shared = Files.createTempDirectory(Path.of("/tmp"), "handout-it-");
        try {
            Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path src = HandoutTest.run("cpu-overhead");
            Path run = Files.createDirectories(shared.resolve("results/cpu-overhead").resolve(src.getFileName()));
            try (Stream<Path> s = Files.list(src)) {
                for (Path f : s.toList()) {
                    Files.copy(f, run.resolve(f.getFileName()));
                }
            }
            Path out = Files.createDirectories(shared.resolve("out"));
            Files.setOwner(out, out.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Run folder = asNobody(shared, "handout", "cpu-overhead", "--run", run.toString(), "--out", out.toString());
            assertEquals(2, folder.rc, folder.toString());
            assertTrue(folder.err.contains("this user may not read the run folder"), folder.err);
            Run newest = asNobody(shared, "handout", "cpu-overhead", "--results", shared.resolve("results").toString(),
                    "--out", out.toString());
            assertTrue(newest.err.contains("this user may not read the run folder"), newest.err);
            Files.setPosixFilePermissions(run, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(run.resolve("meta.json"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Run meta = asNobody(shared, "handout", "cpu-overhead", "--run", run.toString(), "--out", out.toString());
            assertEquals(2, meta.rc, meta.toString());
            assertTrue(meta.err.contains("permission denied"), meta.err);
            assertTrue(!meta.err.contains("Exception") && !meta.err.contains("\tat "), "no stack trace: " + meta.err);
        } finally {
            new ProcessBuilder("rm", "-rf", "--", shared.toString()).start().waitFor();
        }
    }

    private Run asNobody(Path cwd, String... args) throws Exception {
        return labsAs(cwd, List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"), args);
    }

    private static long tmpFiles(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    private record Run(int rc, String out, String err) {}

    private Run labs(Path cwd, String... args) throws Exception {
        return labsAs(cwd, List.of(), args);
    }

    /** labs' jar with these arguments, started through the prefix (setpriv ..., or nothing). */
    private Run labsAs(Path cwd, List<String> prefix, String... args) throws Exception {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("labs.jar")));
        argv.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().remove("LABS_RESULTS");
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("labs " + String.join(" ", args) + " did not end");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
