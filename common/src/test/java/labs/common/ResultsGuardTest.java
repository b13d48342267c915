package labs.common;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ResultsDir.create in a results folder another user could have prepared (--results /tmp/results). */
class ResultsGuardTest {
    @TempDir
    Path root;

    private static boolean isRoot() throws Exception {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    }

    private static void chownNobody(Path p) throws Exception {
        UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(p, users.lookupPrincipalByName("nobody"));
    }

    /** The lab folder planted as a link to someone's folder: refused, nothing written through it. */
    @Test
    void aLabFolderThatIsALinkIsRefusedAndNothingIsWrittenThere() throws Exception {
        Path theirs = Files.createDirectory(root.resolve("theirs"));
        Path results = Files.createDirectory(root.resolve("results"));
        Files.createSymbolicLink(results.resolve("vt-check"), theirs);
        LabsException e = assertThrows(LabsException.class, () -> ResultsDir.create(results, "vt-check"));
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertTrue(e.why().contains("symbolic link"), e.why());
        try (var in = Files.list(theirs)) {
            assertEquals(0, in.count());
        }
    }

    @Test
    void aWorldWritableFolderIsRefusedUnlessSticky() throws Exception {
        Path results = Files.createDirectory(root.resolve("results"));
        Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("rwxrwxrwx"));
        LabsException e = assertThrows(LabsException.class, () -> ResultsDir.create(results, "vt-check"));
        assertTrue(e.fix().contains("chmod o-w"), e.fix());
        Files.setAttribute(results, "unix:mode", 01777);   // as /tmp
        assertDoesNotThrow(() -> ResultsDir.create(results, "vt-check"));
    }

    /** umask 002 (user private groups) makes every folder group-writable: that is the user's own group. */
    @Test
    void groupWritableFoldersAreAccepted() throws Exception {
        Path results = Files.createDirectory(root.resolve("results"));
        Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("rwxrwxr-x"));
        Files.setPosixFilePermissions(Files.createDirectory(results.resolve("io-compare")),
                PosixFilePermissions.fromString("rwxrwxr-x"));
        assertDoesNotThrow(() -> ResultsDir.create(results, "io-compare"));
    }

    @Test
    void anotherUsersLabFolderIsRefusedButTheSudoUsersIsNot() throws Exception {
        assumeTrue(isRoot(), "needs root: chown to nobody");
        Path results = Files.createDirectory(root.resolve("results"));
        Path lab = Files.createDirectory(results.resolve("vt-check"));
        chownNobody(lab);
        LabsException e = assertThrows(LabsException.class, () -> ResultsGuard.check(results, lab, 0, null, false));
        assertTrue(e.getMessage().contains("not safe"), e.getMessage());
        assertTrue(e.why().contains("uid 65534"), e.why());
        assertDoesNotThrow(() -> ResultsGuard.check(results, lab, 0, "65534", false));   // sudo ./labs run ...
        assertThrows(LabsException.class, () -> ResultsGuard.check(results, lab, 1000, "65534", false));
        assertDoesNotThrow(() -> ResultsGuard.check(results, lab, 0, null, true));   // inside the AMD-V machine
    }
}
