package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import labs.common.LabsException;
import org.junit.jupiter.api.Assumptions;
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

    /** Issue 10 item 4: a real bind mount inside the VM folder; the mount source's files must survive. */
    @Test
    void aMountPointInsideTheFolderIsNeverCrossedAndNothingIsDeleted() throws Exception {
        Assumptions.assumeTrue(StoreGuard.currentUid() == 0, "needs root: mount --bind");
        Path source = Files.createDirectories(tmp.resolve("home/projects"));
        Path precious = Files.writeString(source.resolve("thesis.txt"), "years of work");
        Path vm = Files.createDirectories(tmp.resolve("vms/vm1"));
        Files.writeString(vm.resolve("definition.json"), "{}");
        Path mnt = Files.createDirectories(vm.resolve("sub/mnt"));
        Path victimFile = Files.writeString(tmp.resolve("victim.txt"), "IMPORTANT");
        Path fileMount = Files.writeString(vm.resolve("disk.raw"), "");
        mount(source, mnt);
        try {
            mount(victimFile, fileMount);
            try {
                LabsException e = assertThrows(LabsException.class,
                        () -> StorageCleaner.removeVmFolder(vm, List.of(vm.resolve("disk.raw"))));
                assertTrue(e.getMessage().contains("2 mount points"), e.getMessage());
                assertTrue(e.fix().startsWith("unmount it"), e.fix());
                assertEquals("years of work", Files.readString(precious));
                assertEquals("IMPORTANT", Files.readString(victimFile));
                assertTrue(Files.exists(vm.resolve("definition.json")), "nothing deleted at all");
            } finally {
                umount(fileMount);
            }
        } finally {
            umount(mnt);
        }
        StorageCleaner.removeVmFolder(vm, List.of());
        assertFalse(Files.exists(vm, LinkOption.NOFOLLOW_LINKS), "removed once unmounted");
        assertEquals("years of work", Files.readString(precious));
    }

    @Test
    void mountinfoEscapesAreDecoded() {
        // a line of /proc/self/mountinfo after: mount --bind /tmp/a '/tmp/my vm'
        assertEquals(Path.of("/tmp/my vm"), MountPoints.mountPoint(
                "1234 29 0:25 /a /tmp/my\\040vm rw,nosuid - tmpfs tmpfs rw"));
    }

    private static void mount(Path source, Path target) throws Exception {
        Process p = new ProcessBuilder("mount", "--bind", source.toString(), target.toString()).inheritIO().start();
        Assumptions.assumeTrue(p.waitFor() == 0, "mount --bind is not allowed here (a container without "
                + "CAP_SYS_ADMIN?)");
    }

    private static void umount(Path target) throws Exception {
        assertEquals(0, new ProcessBuilder("umount", target.toString()).inheritIO().start().waitFor());
    }
}
