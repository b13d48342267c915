package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import labs.common.LabsException;
import labs.common.Progress;
import labs.launcher.DiskFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 7: a VM folder appears whole or not at all. The creator killed half-way is played by a real process
 * that ended (its pid is in the temp folder's name, as a labs killed by Ctrl-C or kill -9 leaves it).
 */
class NewVmFolderTest {
    @TempDir
    Path tmp;

    @Test
    void aCreateIsInvisibleUntilCommittedAndThenWhole() throws Exception {
        VmStore store = new VmStore(tmp.resolve("vms"));
        VmDefinition def = Defs.sample("vm1", store.diskPath("vm1", DiskFormat.QCOW2));
        try (NewVmFolder f = NewVmFolder.create(store, "vm1")) {
            assertTrue(f.path().getFileName().toString().startsWith(".creating-"));
            assertEquals(f.path().resolve("disk.qcow2"), f.staged(def.disk().path()));
            assertFalse(store.folderExists("vm1"));
            assertEquals(List.of(), store.names(), "a folder being made is no VM");
            f.commit(def);
        }
        assertEquals(def, store.load("vm1"));
        try (var s = Files.list(store.root())) {
            assertEquals(List.of("vm1"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void theLoserOfTwoCreatesIsRefusedAndLeavesNothing() {
        VmStore store = new VmStore(tmp.resolve("vms"));
        NewVmFolder a = NewVmFolder.create(store, "same");
        NewVmFolder b = NewVmFolder.create(store, "same");
        a.commit(Defs.sample("same", store.diskPath("same", DiskFormat.QCOW2)));
        LabsException e = assertThrows(LabsException.class,
                () -> b.commit(Defs.sample("same", store.diskPath("same", DiskFormat.QCOW2))));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        b.close();
        a.close();
        assertFalse(Files.exists(b.path(), LinkOption.NOFOLLOW_LINKS));
        assertTrue(store.exists("same"));
    }

    @Test
    void aTempFolderWhoseCreatorDiedIsSweptAndALiveOnesIsNot() throws Exception {
        VmStore store = new VmStore(tmp.resolve("vms"));
        store.createFolder("keep"); // a VM that must not be touched
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path orphan = Files.createDirectories(store.root().resolve(".creating-" + dead.pid() + "-0a1b2c-vm1"));
        try (RandomAccessFile disk = new RandomAccessFile(orphan.resolve("disk.qcow2").toFile(), "rw")) {
            disk.setLength(1L << 30); // the 1 GiB half-made disk of the hostile run
        }
        Files.writeString(orphan.resolve(VmLock.FILE), dead.pid() + " create it\n");
        try (NewVmFolder live = NewVmFolder.create(store, "vm2")) {
            assertEquals(List.of(orphan), NewVmFolder.sweep(store, Progress.SILENT));
            assertTrue(Files.isDirectory(live.path()), "the folder of a creator still running stays");
        }
        assertFalse(Files.exists(orphan, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(store.root().resolve("keep")));
    }
}
