package labs.launcher.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import labs.launcher.vm.StorageCleaner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** labs vm undefine --remove-all-storage --connect deletes only disks in labs' pool, never another file. */
class PoolDisksTest {
    private static final Path POOL = Path.of("/var/lib/libvirt/images/labs");

    @Test
    void onlyTheDisksDirectlyInLabsPoolAreRemoved() {
        PoolDisks d = PoolDisks.of(POOL, List.of(POOL.resolve("a-root.qcow2"), POOL.resolve("a-data.qcow2"),
                Path.of("/var/lib/libvirt/images/other.qcow2"),           // attached later from the default pool
                Path.of("/var/lib/libvirt/images/labs/../keep.qcow2"),    // a path that only looks as if in the pool
                POOL.resolve("sub/deeper.qcow2"),
                Path.of("/var/lib/libvirt/labs/base/k/root.squashfs")));  // the shared image
        assertEquals(List.of(POOL.resolve("a-root.qcow2"), POOL.resolve("a-data.qcow2")), d.ours());
        assertEquals(4, d.others().size());
        assertEquals("/var/lib/libvirt/images/other.qcow2 (not in labs' storage pool, so labs leaves it)",
                d.keptNotes().get(0));
    }

    @Test
    void theReportSaysWhatIsGoneByTheFilesThemselves(@TempDir Path pool) throws Exception {
        Path gone = pool.resolve("a-root.qcow2");
        Path left = Files.createFile(pool.resolve("a-data.qcow2"));   // virsh only warns for a non-volume
        StorageCleaner.Report r = PoolDisks.of(pool, List.of(gone, left, Path.of("/elsewhere/x.qcow2"))).report();
        assertEquals(List.of(gone), r.deleted());
        assertEquals(2, r.kept().size(), r.kept().toString());
        assertTrue(r.kept().get(1).startsWith(left + " (virsh did not remove it"), r.kept().toString());
    }

    @Test
    void aCommaInAPathIsDoubledAsVirshReadsIt() {
        PoolDisks d = PoolDisks.of(POOL, List.of(POOL.resolve("a,b.qcow2"), POOL.resolve("c.raw")));
        assertEquals(POOL + "/a,,b.qcow2," + POOL + "/c.raw", d.storageArgument());
    }
}
