package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Helpers for the end-to-end lab tests: the one run folder, CSV records, PNG sizes, no qemu left, stdout. */
final class LabAssert {
    private LabAssert() {}

    static Path onlyRun(Path results, String lab) throws IOException {
        try (Stream<Path> s = Files.list(results.resolve(lab))) {
            List<Path> runs = s.toList();
            assertEquals(1, runs.size(), runs.toString());
            return runs.get(0);
        }
    }

    static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    static void png(Path file, int w, int h) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(w, img.getWidth(), file + " width");
        assertEquals(h, img.getHeight(), file + " height");
    }

    /** No qemu-system process whose command line names this lab's VMs is left. */
    static void noQemuLeft(String vmPrefix) {
        List<String> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("qemu-system") && c.contains(vmPrefix))
                        .orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
        assertTrue(left.isEmpty(), "qemu left running: " + left);
    }

    /** What the lab prints on standard output (its summary), while it runs in this JVM; passed on as well. */
    static String stdoutOf(Runnable lab) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            lab.run();
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        old.print(text);
        return text;
    }
}
