package labs.cli.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import labs.cli.Main;
import labs.common.ExecResult;
import labs.common.HostRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A results filesystem that fills up during a run (issue 10, item 11): a real 200 KiB tmpfs as --results, filled
 * beforehand to leave from 60 KiB down to nothing, so that `labs fio import` (real fio outputs, three charts) runs
 * out of space at each of its writes in turn: the raw copies, fio.csv, a chart, meta.json itself. Every time: exit
 * 2 with the fix, no 0-byte, truncated or temporary file left, and every run folder holds a meta.json that says
 * complete false. Mounting needs root; without it the test says so and skips.
 */
class FullResultsTest {
    @TempDir
    Path tmp;
    private Path mnt;

    @AfterEach
    void unmount() throws Exception {
        if (mnt != null) {
            HostRunner.INSTANCE.exec(List.of("umount", mnt.toString()), Duration.ofSeconds(30));
        }
    }

    @Test
    void aFullDiskIsExit2AndLeavesNoDebris() throws Exception {
        Assumptions.assumeTrue(HostRunner.isRoot(), "needs root: mounts a small tmpfs as the results folder");
        Path m = Files.createDirectories(tmp.resolve("full"));
        ExecResult mount = HostRunner.INSTANCE.exec(List.of("mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs",
                m.toString()), Duration.ofSeconds(30));
        Assumptions.assumeTrue(mount.ok(), "needs a tmpfs mount (root in a container without CAP_SYS_ADMIN cannot): "
                + mount.tail(2));
        mnt = m;
        String[] files = {FioImportTest.fixture("fio-seqread.json"), FioImportTest.fixture("fio-seqwrite.json"),
            FioImportTest.fixture("fio-randread-nj4.json")};
        for (int freeKiB : new int[] {60, 40, 30, 20, 10, 4, 0}) {
            clear(mnt);
            fill(mnt, freeKiB);
            List<String> argv = new ArrayList<>(List.of("fio", "import", "--results", mnt.toString(), "--lang", "en"));
            argv.addAll(List.of(files));
            assertEquals(2, Main.run(argv.toArray(String[]::new)), "exit 2 with " + freeKiB + " KiB free");
            checkNoDebris(mnt, freeKiB);
        }
        clear(mnt);
        List<String> argv = new ArrayList<>(List.of("fio", "import", "--results", mnt.toString(), "--lang", "en"));
        argv.addAll(List.of(files));
        assertEquals(0, Main.run(argv.toArray(String[]::new)), "the same run fits on the empty tmpfs");
    }

    private static void checkNoDebris(Path root, int freeKiB) throws Exception {
        Path lab = root.resolve("fio-import");
        if (!Files.isDirectory(lab)) {
            return;
        }
        try (Stream<Path> runs = Files.list(lab)) {
            for (Path run : runs.toList()) {
                Path meta = run.resolve("meta.json");
                assertTrue(Files.isRegularFile(meta), "every run folder has meta.json (" + freeKiB + " KiB free)");
                assertTrue(Files.readString(meta).contains("\"complete\" : false"), Files.readString(meta));
            }
        }
        try (Stream<Path> all = Files.walk(lab)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                assertTrue(Files.size(f) > 0, "no 0-byte file: " + f);
                assertTrue(!name.endsWith(".tmp"), "no temporary file left: " + f);
                if (name.endsWith(".png")) {
                    assertNotNull(ImageIO.read(f.toFile()), "a whole PNG: " + f);
                    assertTrue(endsWithIend(f), "a PNG that ends with its IEND chunk: " + f);
                }
            }
        }
    }

    private static boolean endsWithIend(Path png) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(png.toFile(), "r")) {
            byte[] tail = new byte[8];
            f.seek(f.length() - 8);
            f.readFully(tail);
            return new String(tail, 0, 4, StandardCharsets.US_ASCII).equals("IEND");
        }
    }

    private static void clear(Path root) throws Exception {
        HostRunner.INSTANCE.exec(List.of("sh", "-c", "rm -rf -- \"$1\"/*", "sh", root.toString()),
                Duration.ofSeconds(30));
    }

    /** A filler file that leaves freeKiB free (tmpfs counts whole 4 KiB pages). */
    private static void fill(Path root, int freeKiB) throws Exception {
        long avail = Files.getFileStore(root).getUsableSpace();
        long size = Math.max(0, avail - freeKiB * 1024L);
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("filler").toFile(), "rw")) {
            f.write(new byte[(int) size]);   // written, not sparse: tmpfs charges only pages with data
        }
    }
}
