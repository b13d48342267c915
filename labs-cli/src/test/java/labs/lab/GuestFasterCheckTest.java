package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import labs.common.HostRunner;
import labs.launcher.CacheMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest-faster checks on real files of this host. The host's own shell stands in for the guest's (both run
 * stat(1) and cat on their side the same way): a sparse "guest" test file must be found, a file with data not.
 */
class GuestFasterCheckTest {
    @TempDir
    Path tmp;

    @Test
    void findsWritebackAndASparseFileAndSaysWhatItDidNotFind() throws Exception {
        Path hostFile = tmp.resolve("host-testfile.bin");
        Files.write(hostFile, new byte[4 << 20]);   // written: every block allocated
        Path sparse = tmp.resolve("guest-testfile.bin");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(64L << 20);   // holes only
        }
        Path image = Files.write(tmp.resolve("disk.qcow2"), new byte[4096]);
        List<String> found = new GuestFasterCheck(CacheMode.WRITEBACK, hostFile, image, HostRunner.INSTANCE,
                sparse.toString()).run();
        assertEquals(6, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("found: --cache writeback"), found.get(0));
        assertTrue(found.get(1).startsWith("not found: another device"), found.get(1));
        assertTrue(found.get(2).startsWith("not found: sparse host test file"), found.get(2));
        assertTrue(found.get(3).startsWith("found: the guest's test file is sparse (0 of 64 MiB"), found.get(3));
        String verdict = GuestFasterCheck.verdict(found);
        assertTrue(verdict.startsWith("the guest came out faster than the host; known causes found: --cache writeback"),
                verdict);
        assertTrue(verdict.contains("sparse"), verdict);

        List<String> none = new GuestFasterCheck(CacheMode.NONE, hostFile, image, HostRunner.INSTANCE,
                hostFile.toString()).run();
        assertTrue(none.get(0).startsWith("not found: host page cache"), none.get(0));
        String v = GuestFasterCheck.verdict(none.stream().filter(x -> !x.startsWith("found: ")).toList());
        assertTrue(v.contains("none of the known causes was found"), v);
    }
}
