package labs.launcher.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import labs.common.LabsException;
import org.junit.jupiter.api.Test;

/** A pool named labs that is not labs' folder is refused (its volumes would be in no pool at all). */
class LibvirtStorageTest {
    private final LibvirtStorage storage = new LibvirtStorage(new Virsh(LibvirtUri.parse("qemu:///system")));

    // as `virsh pool-dumpxml labs` prints it (trimmed)
    private static String pool(String path) {
        return "<pool type='dir'>\n  <name>labs</name>\n  <target>\n    <path>" + path + "</path>\n"
                + "    <permissions><mode>0755</mode></permissions>\n  </target>\n</pool>\n";
    }

    @Test
    void labsOwnPoolPasses() {
        storage.refuseElsewhere(pool("/var/lib/libvirt/images/labs"));
        storage.refuseElsewhere(pool("/var/lib/libvirt/images/labs/"));
    }

    @Test
    void aPoolOfThatNameElsewhereIsAUsageError() {
        LabsException e = assertThrows(LabsException.class, () -> storage.refuseElsewhere(pool("/home/u/isos")));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("/home/u/isos"), e.getMessage());
    }
}
