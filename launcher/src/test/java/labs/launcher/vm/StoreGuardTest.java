package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import labs.common.Json;
import labs.common.LabsException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 2 (and 21's "undefine through a symlinked VM folder"): a store another user can change is refused
 * the way ssh's StrictModes refuses ~/.ssh, and a VM folder that is a link is never followed. Each test makes the
 * hostile change for real: chmod 0777, chown to nobody, a real symlink to a folder with a forged definition.
 */
class StoreGuardTest {
    private static final boolean ROOT = StoreGuard.currentUid() == 0;

    @TempDir
    Path tmp;

    private VmStore storeWithVm(String name) {
        VmStore store = new VmStore(tmp.resolve("data/vms"));
        store.createFolder(name);
        store.save(Defs.sample(name, store.diskPath(name, labs.launcher.DiskFormat.QCOW2)));
        return new VmStore(tmp.resolve("data/vms")); // a fresh store object checks the chain again, like a new labs
    }

    @Test
    void aStoreWritableByAllIsRefusedWithTheChmod() throws Exception {
        VmStore store = storeWithVm("vm1");
        Files.setPosixFilePermissions(store.root(), PosixFilePermissions.fromString("rwxrwxrwx"));
        LabsException e = assertThrows(LabsException.class, store::names);
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertEquals("chmod go-w " + store.root(), e.fix());
        assertThrows(LabsException.class, () -> store.load("vm1"));
    }

    @Test
    void aFolderOnTheWayWritableByItsGroupIsRefused() throws Exception {
        VmStore store = storeWithVm("vm1");
        Path data = tmp.resolve("data");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxr-x"));
        LabsException e = assertThrows(LabsException.class, store::names);
        assertTrue(e.getMessage().contains(data + " is writable by its group"), e.getMessage());
        assertEquals("chmod go-w " + data, e.fix());
    }

    @Test
    void aVmFolderWritableByOthersIsRefused() throws Exception {
        VmStore store = storeWithVm("vm1");
        Files.setPosixFilePermissions(store.root().resolve("vm1"), PosixFilePermissions.fromString("rwxrwxrwx"));
        LabsException e = assertThrows(LabsException.class, () -> store.load("vm1"));
        assertEquals("chmod go-w " + store.root().resolve("vm1"), e.fix());
    }

    @Test
    void aStoreOwnedByAnotherUserIsRefusedWithTheChown() throws Exception {
        Assumptions.assumeTrue(ROOT, "needs root: chowns the store to nobody");
        VmStore store = storeWithVm("vm1");
        Files.setAttribute(store.root(), "unix:uid", 65534);
        LabsException e = assertThrows(LabsException.class, store::names);
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("belongs to uid 65534"), e.getMessage());
        assertTrue(e.fix().contains("chown root " + store.root()), e.fix());
    }

    @Test
    void aStickyRootFolderOnTheWayIsFineButNotAsTheStoreItself() throws Exception {
        // @TempDir lives in /tmp (root, 1777): every test here relies on it being accepted on the way.
        Assumptions.assumeTrue(ROOT, "needs root: makes a root-owned sticky folder the store");
        VmStore store = storeWithVm("vm1");
        Files.setPosixFilePermissions(store.root(), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(store.root(), "unix:mode", 01777);
        assertThrows(LabsException.class, store::names, "the store itself must not be writable by others");
    }

    @Test
    void aVmFolderSwappedForALinkIsNeverFollowedAndGetsNoLockFile() throws Exception {
        VmStore store = storeWithVm("vm1");
        // The attacker's folder: a forged definition whose disk is a root-only file.
        Path theirs = Files.createDirectories(tmp.resolve("attacker/vm1"));
        Path secret = Files.writeString(tmp.resolve("secret"), "root only");
        Files.writeString(theirs.resolve(VmStore.DEFINITION), Json.MAPPER.writeValueAsString(
                Defs.sample("vm1", secret)));
        Path vm1 = store.root().resolve("vm1");
        StorageCleaner.removeVmFolder(vm1, java.util.List.of());
        Files.createSymbolicLink(vm1, theirs);

        LabsException load = assertThrows(LabsException.class, () -> store.load("vm1"));
        assertTrue(load.getMessage().contains("symbolic link"), load.getMessage());
        assertEquals(LabsException.EXIT_USAGE, load.exitCode());
        assertThrows(LabsException.class, () -> store.runtime("vm1"));
        assertThrows(LabsException.class, () -> new VmUndefiner(store).undefine("vm1", true, Duration.ofSeconds(1),
                () -> { }));
        assertThrows(LabsException.class, () -> new VmUndefiner(store).undefine("vm1", false, Duration.ofSeconds(1),
                () -> { }));
        assertFalse(Files.exists(theirs.resolve(VmLock.FILE), LinkOption.NOFOLLOW_LINKS),
                "no .lock written into the link's target");
        assertTrue(Files.exists(theirs.resolve(VmStore.DEFINITION)), "nothing deleted through the link");
        assertTrue(Files.isSymbolicLink(vm1), "the link stays for its owner to look at");
        assertEquals(java.util.List.of("vm1"), store.names(), "listed, so that list can say why it is refused");
    }

    @Test
    void aNewStoreUnderATrustedFolderIsCreatedAndAccepted() {
        VmStore store = new VmStore(tmp.resolve("fresh/data/vms"));
        assertEquals(java.util.List.of(), store.names());
        store.createFolder("vm1");
        assertTrue(Files.isDirectory(store.root().resolve("vm1")));
    }
}
