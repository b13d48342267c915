package labs.handout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** poppler-utils, as a reader of the PDF other than the library that wrote it (./run-tests installs them). */
final class Poppler {
    private Poppler() {}

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/pdftotext")) && Files.isExecutable(Path.of("/usr/bin/pdftoppm")),
                "needs poppler-utils (pdftotext, pdftoppm): sudo apt-get install poppler-utils (./run-tests does)");
    }

    /** The PDF's text layer, as pdftotext reads it (UTF-8). */
    static String text(Path pdf) throws Exception {
        return run("pdftotext", "-enc", "UTF-8", pdf.toString(), "-");
    }

    /** Every page as a PNG at that resolution: the files made, in page order. */
    static List<Path> pages(Path pdf, int dpi, Path prefix) throws Exception {
        run("pdftoppm", "-r", String.valueOf(dpi), "-png", pdf.toString(), prefix.toString());
        List<Path> out = new ArrayList<>();
        try (var s = Files.list(prefix.getParent())) {
            s.filter(p -> p.getFileName().toString().startsWith(prefix.getFileName() + "-")
                    && p.toString().endsWith(".png")).sorted().forEach(out::add);
        }
        return out;
    }

    /** pdffonts' table rows of fonts not embedded in the PDF (a reader would substitute its own). */
    static List<String> notEmbedded(Path pdf) throws Exception {
        List<String> out = new ArrayList<>();
        List<String> lines = run("pdffonts", pdf.toString()).lines().toList();
        for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            // name type... encoding emb sub uni object ID: emb is the 5th field from the end
            if (f.length >= 6 && !f[f.length - 5].equals("yes")) {
                out.add(line);
            }
        }
        return out;
    }

    static int pageCount(Path pdf) throws Exception {
        for (String line : run("pdfinfo", pdf.toString()).lines().toList()) {
            if (line.startsWith("Pages:")) {
                return Integer.parseInt(line.substring(6).strip());
            }
        }
        throw new AssertionError("pdfinfo gave no page count for " + pdf);
    }

    private static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", argv) + " did not end");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", argv) + ": " + text);
        return text;
    }
}
