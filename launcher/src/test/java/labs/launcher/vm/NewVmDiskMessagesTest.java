package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.launcher.DiskFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile re-run of issue 10, item 5: `vm create --disk-size 99999999999` had no upper bound and failed with
 * "File too large", and every message of a create named its temp .creating-… folder, gone by the time the user
 * ran the df it suggested. Real small tmpfs mounts (root only) play the full store.
 */
class NewVmDiskMessagesTest {
    @TempDir
    Path tmp;

    @Test
    void aHugeDiskSizeIsRefusedBeforeAnythingIsMade() {
        Path target = tmp.resolve(NewVmFolder.PREFIX + "1-ab-m5/disk.qcow2");
        LabsException e = assertThrows(LabsException.class,
                () -> DiskTool.createDataDisk(target, DiskFormat.QCOW2, 99_999_999_999L));
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("larger than labs makes a data disk"), e.getMessage());
        assertTrue(e.fix().contains("from 16 to " + DiskTool.MAX_DISK_MIB), e.fix());
        assertFalse(Files.exists(target.getParent()));
    }

    @Test
    void aFullStoreIsNamedNotTheTempFolderOfTheCreate() throws Exception {
        assumeTrue(HostRunner.isRoot(), "needs root: mounts a small tmpfs as the VM store");
        Path store = mount("size=300k");
        try {
            Path temp = Files.createDirectory(store.resolve(NewVmFolder.PREFIX + "1-ab-m5"));
            LabsException e = assertThrows(LabsException.class,
                    () -> DiskTool.createDataDisk(temp.resolve("disk.qcow2"), DiskFormat.QCOW2, 2048));
            assertEquals(LabsException.EXIT_USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("is full"), e.getMessage());
            assertTrue(e.fix().contains("df -h " + store + ")"), e.fix());
            assertFalse((e.getMessage() + e.fix()).contains(NewVmFolder.PREFIX), e.getMessage() + e.fix());
        } finally {
            umount(store);
        }
    }

    @Test
    void aLockOnAStoreWithoutFreeInodesSaysItIsFull() throws Exception {
        assumeTrue(HostRunner.isRoot(), "needs root: mounts a tmpfs with 2 inodes as the VM store");
        Path store = mount("nr_inodes=2");   // the root folder and one more: the temp folder takes the last
        try {
            Path temp = Files.createDirectory(store.resolve(NewVmFolder.PREFIX + "1-ab-m5"));
            LabsException e = assertThrows(LabsException.class,
                    () -> VmLock.acquire(temp, "m5", "create it", Duration.ofSeconds(1)));
            assertEquals(LabsException.EXIT_USAGE, e.exitCode());
            assertTrue(e.getMessage().contains("the filesystem of " + store + " is full"), e.getMessage());
            assertTrue(e.fix().contains("df -h " + store), e.fix());
            assertFalse((e.getMessage() + e.fix()).contains(NewVmFolder.PREFIX), e.getMessage() + e.fix());
        } finally {
            umount(store);
        }
    }

    private Path mount(String options) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("store"));
        assertEquals(0, HostRunner.INSTANCE.exec(List.of("mount", "-t", "tmpfs", "-o", options + ",mode=0700",
                "tmpfs", dir.toString()), Duration.ofSeconds(30)).exitCode());
        return dir;
    }

    private static void umount(Path dir) throws Exception {
        HostRunner.INSTANCE.exec(List.of("umount", dir.toString()), Duration.ofSeconds(30));
    }
}
