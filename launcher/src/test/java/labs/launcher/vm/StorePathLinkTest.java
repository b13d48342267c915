package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import labs.common.LabsException;
import labs.launcher.DiskFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile re-run of issue 10, item 3: LABS_DATA_DIR=/tmp/rv/evil/l, with evil/ owned by nobody and l a link to a
 * root 0700 store, was accepted because only the folders of the real path were checked: nobody could repoint l at
 * any time. The path as written is now checked too, each link with the folder that holds it and its owner.
 */
class StorePathLinkTest {
    private static final boolean ROOT = StoreGuard.currentUid() == 0;

    @TempDir
    Path tmp;

    private Path rootOnlyStore() {
        VmStore store = new VmStore(tmp.resolve("real/vms"));
        store.createFolder("vm1");
        store.save(Defs.sample("vm1", store.diskPath("vm1", DiskFormat.QCOW2)));
        return tmp.resolve("real");
    }

    @Test
    void aLinkInsideAFolderOfAnotherUserIsRefused() throws Exception {
        Assumptions.assumeTrue(ROOT, "needs root: makes a folder owned by nobody hold the link to root's store");
        Path real = rootOnlyStore();
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
        Path evil = Files.createDirectories(tmp.resolve("rv/evil"));
        Files.setAttribute(evil, "unix:uid", 65534);
        Files.createSymbolicLink(evil.resolve("l"), real);
        VmStore store = new VmStore(evil.resolve("l/vms"));
        LabsException e = assertThrows(LabsException.class, store::names);
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(evil + " belongs to uid 65534"), e.getMessage());
        assertThrows(LabsException.class, () -> store.load("vm1"));
    }

    @Test
    void aLinkOwnedByAnotherUserIsRefusedEvenInAFolderOfOurs() throws Exception {
        Assumptions.assumeTrue(ROOT, "needs root: lchowns the link to nobody");
        Path real = rootOnlyStore();
        Path link = tmp.resolve("l");
        Files.createSymbolicLink(link, real);
        Files.setAttribute(link, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        LabsException e = assertThrows(LabsException.class, () -> new VmStore(link.resolve("vms")).names());
        assertTrue(e.getMessage().contains("the link " + link), e.getMessage());
        assertEquals("use the real path of the store: export LABS_DATA_DIR=" + real.resolve("vms").toRealPath(),
                e.fix());
    }

    @Test
    void aLinkOfOursInAFolderOfOursIsAccepted() throws Exception {
        Path real = rootOnlyStore();
        Path link = tmp.resolve("mine");
        Files.createSymbolicLink(link, real);
        assertEquals(List.of("vm1"), new VmStore(link.resolve("vms")).names());
    }
}
