package labs.launcher.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

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
    void aCommaInAPathIsDoubledAsVirshReadsIt() {
        PoolDisks d = PoolDisks.of(POOL, List.of(POOL.resolve("a,b.qcow2"), POOL.resolve("c.raw")));
        assertEquals(POOL + "/a,,b.qcow2," + POOL + "/c.raw", d.storageArgument());
    }
}
