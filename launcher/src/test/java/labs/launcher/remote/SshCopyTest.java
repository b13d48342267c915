package labs.launcher.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script SshCopy has the remote sh run, run here by this machine's sh (ssh only carries its input and output;
 * LibvirtLabIT copies over a real ssh): a new private file in a private folder, its SHA-256 printed; a folder that
 * another user can write, or a file that exists already (a planted link), is refused.
 */
class SshCopyTest {
    @TempDir
    Path tmp;

    private record Ran(int status, String out, String err) {}

    private Ran copy(Path source, Path target) throws Exception {
        Process sh = new ProcessBuilder(List.of("sh", "-c", SshCopy.SCRIPT, "labs-copy", target.toString()))
                .redirectInput(source.toFile()).start();
        assertTrue(sh.waitFor(30, TimeUnit.SECONDS));
        return new Ran(sh.exitValue(), new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(sh.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Path folders(String parentMode, String mode) throws Exception {
        Path parent = Files.createDirectory(tmp.resolve("host"));
        Path dir = Files.createDirectory(parent.resolve("guest"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString(parentMode));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        return dir;
    }

    @Test
    void aNewPrivateFileWithItsHash() throws Exception {
        byte[] bytes = {0x7f, 'E', 'L', 'F', 0, 1, 2, '\n', '\''};
        Path source = Files.write(tmp.resolve("src"), bytes);
        Path target = folders("rwx------", "rwx------").resolve("sched-load");
        Ran r = copy(source, target);
        assertEquals(0, r.status(), r.err());
        assertEquals(SshCopy.sha256(bytes), r.out().strip().split("\\s+")[0]);
        assertArrayEquals(bytes, Files.readAllBytes(target));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void aFolderOthersCanWriteIsRefused() throws Exception {
        Path source = Files.write(tmp.resolve("src"), new byte[] {1});
        Path target = folders("rwxrwxrwx", "rwx------").resolve("sched-load");
        Ran r = copy(source, target);
        assertEquals(3, r.status(), r.out() + r.err());
        assertTrue(r.err().contains(target.getParent().getParent() + " is not a private folder of "), r.err());
        assertFalse(Files.exists(target));
    }

    @Test
    void aFileThatIsThereAlreadyIsNotWrittenThrough() throws Exception {
        Path source = Files.write(tmp.resolve("src"), new byte[] {1});
        Path elsewhere = Files.writeString(tmp.resolve("elsewhere"), "keep");
        Path target = folders("rwx------", "rwx------").resolve("sched-load");
        Files.createSymbolicLink(target, elsewhere);
        Ran r = copy(source, target);
        assertTrue(r.status() != 0, "refused: " + r.out());
        assertEquals("keep", Files.readString(elsewhere));
    }
}
