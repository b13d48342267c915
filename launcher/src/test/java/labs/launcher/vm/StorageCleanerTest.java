package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageCleanerTest {
    @TempDir
    Path tmp;

    @Test
    void deletesTheFolderButNeverWhatALinkInsidePointsTo() throws Exception {
        Path userFiles = Files.createDirectories(tmp.resolve("home/docs"));
        Path precious = Files.writeString(userFiles.resolve("thesis.txt"), "years of work");
        Path vm = Files.createDirectories(tmp.resolve("vms/vm1"));
        Files.writeString(vm.resolve("disk.qcow2"), "disk");
        Files.writeString(vm.resolve("definition.json"), "{}");
        Files.createSymbolicLink(vm.resolve("link-to-file"), precious);
        Files.createSymbolicLink(vm.resolve("link-to-dir"), userFiles);

        StorageCleaner.Report r = StorageCleaner.removeVmFolder(vm, List.of(vm.resolve("disk.qcow2")));

        assertFalse(Files.exists(vm, LinkOption.NOFOLLOW_LINKS));
        assertEquals("years of work", Files.readString(precious));
        assertTrue(Files.isDirectory(userFiles));
        assertTrue(r.kept().isEmpty(), r.kept().toString());
    }

    @Test
    void aDiskFromElsewhereIsKeptAndNamed() throws Exception {
        Path outside = Files.writeString(tmp.resolve("my-image.qcow2"), "mine");
        Path vm = Files.createDirectories(tmp.resolve("vms/vm1"));
        Files.writeString(vm.resolve("definition.json"), "{}");

        StorageCleaner.Report r = StorageCleaner.removeVmFolder(vm, List.of(outside));

        assertTrue(Files.exists(outside));
        assertEquals(1, r.kept().size());
        assertTrue(r.kept().get(0).contains("my-image.qcow2"));
        assertFalse(Files.exists(vm));
    }

    @Test
    void aDiskPathThatWalksOutThroughALinkedFolderIsNotInside() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path img = Files.writeString(elsewhere.resolve("disk.raw"), "x");
        Path vm = Files.createDirectories(tmp.resolve("vms/vm1"));
        Files.createSymbolicLink(vm.resolve("sub"), elsewhere);

        assertFalse(StorageCleaner.insideFolder(vm.toRealPath(), vm.resolve("sub/disk.raw")));
        StorageCleaner.removeVmFolder(vm, List.of(vm.resolve("sub/disk.raw")));
        assertTrue(Files.exists(img), "the target of the linked folder is untouched");
    }

    @Test
    void aVmFolderThatIsALinkIsUnlinkedNotEmptied() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path file = Files.writeString(real.resolve("disk.qcow2"), "data");
        Files.createDirectories(tmp.resolve("vms"));
        Path vm = Files.createSymbolicLink(tmp.resolve("vms/vm1"), real);

        StorageCleaner.Report r = StorageCleaner.removeVmFolder(vm, List.of(vm.resolve("disk.qcow2")));

        assertFalse(Files.exists(vm, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(file));
        assertTrue(r.kept().get(0).contains("symbolic link"));
    }
}
