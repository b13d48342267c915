package labs.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 1 for real, with the built jar in a child JVM: a store folder ($LABS_DATA_DIR) whose name holds
 * fio's list separator ':' in front of another file's path, and QEMU's option separator ',' (and '=' and a
 * block-layer "nbd:" prefix). Before the fix, fio wrote 64 MiB of zeros over the other file. Now every program
 * gets the path in its own syntax: fio, mke2fs, qemu-img (convert, create -b), and QEMU's -drive and -chardev,
 * so the lab and a linked clone boot and work, and the victim stays byte-identical.
 * The folder is short on purpose (not JUnit's @TempDir, nor createTempDirectory's up to 20 digits): the store path
 * holds it twice, and the VM's sockets must fit in 106 bytes.
 */
class HostilePathIT {
    private Path tmp;

    private static final java.util.Random RANDOM = new java.security.SecureRandom();

    @BeforeEach
    void makeTemp() throws IOException {
        while (tmp == null) {
            try {
                tmp = Files.createDirectory(Path.of("/tmp", "hp" + Integer.toHexString(RANDOM.nextInt())));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another name
            }
        }
    }

    @AfterEach
    void removeTemp() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void ioCompareInAStoreNamedLikeAFioListLeavesTheVictimAlone() throws Exception {
        Path victim = tmp.resolve("v.txt");
        byte[] important = "IMPORTANT\n".getBytes(StandardCharsets.UTF_8);
        Files.write(victim, important);
        String data = victim + ":" + tmp.resolve("d,x");
        Run r = labs(data, "run", "io-compare", "--quick", "--repeat", "1", "--filesize", "8", "--lang", "en",
                "--results", tmp.resolve("results").toString());
        assertEquals(0, r.rc, r.err);
        assertArrayEquals(important, Files.readAllBytes(victim), "fio wrote over " + victim);
        Path run = LabAssert.onlyRun(tmp.resolve("results"), "io-compare");
        List<CSVRecord> rows = LabAssert.csv(run.resolve("fio.csv"));
        assertTrue(rows.stream().anyMatch(x -> x.get("side").equals("host")), rows.toString());
        assertTrue(rows.stream().anyMatch(x -> x.get("side").equals("guest")), rows.toString());
        LabAssert.noQemuLeft("io-compare-" + run.getFileName());
    }

    @Test
    void aLinkedCloneBootsFromAStoreWithCommasColonsAndAProtocolPrefix() throws Exception {
        String data = tmp.resolve("nbd:s,readonly=off,x").toString();
        try {
            for (String[] step : new String[][] {{"vm", "create", "p1", "--disk-size", "64"},
                    {"vm", "clone", "p1", "p2"}, {"vm", "start", "p2"}}) {
                Run r = labs(data, step);
                assertEquals(0, r.rc, String.join(" ", step) + ": " + r.err);
            }
            Run exec = labs(data, "vm", "exec", "p2", "--", "sh", "-c", "echo ok > /data/f && cat /data/f");
            assertEquals(0, exec.rc, exec.err);
            assertEquals("ok", exec.out.strip());
        } finally {
            labs(data, "vm", "destroy", "p2");
            labs(data, "vm", "undefine", "p2", "--remove-all-storage");
            labs(data, "vm", "undefine", "p1", "--remove-all-storage");
        }
        LabAssert.noQemuLeft(tmp.toString());
    }

    private record Run(int rc, String out, String err) {}

    private Run labs(String dataDir, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("labs.jar")));
        argv.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("LABS_DATA_DIR", dataDir);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("labs " + String.join(" ", args) + " did not end in 10 minutes");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
