package labs.launcher.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import labs.common.LabsException;
import org.junit.jupiter.api.Test;

/** Which URIs `labs vm --connect` takes, and the exit-2 messages for the rest (before anything runs). */
class LibvirtUriTest {
    @Test
    void localQemuUrisAreTaken() {
        assertTrue(LibvirtUri.parse("qemu:///system").system());
        assertTrue(!LibvirtUri.parse("qemu:///session").system());
        LibvirtUri s = LibvirtUri.parse("qemu:///system?socket=/run/x/libvirt-sock");
        assertEquals("qemu:///system?socket=/run/x/libvirt-sock", s.text());
        assertEquals(Path.of("/var/lib/libvirt/images/labs"), s.poolDir());
        assertEquals(Path.of("/var/lib/libvirt/labs/base"), s.baseDir());
    }

    @Test
    void remoteOtherDriversAndBadSyntaxExit2() {
        for (String[] c : new String[][] {{"qemu+ssh://root@10.0.0.1/system", "remote libvirt host"},
                {"qemu://host/system", "remote libvirt host"}, {"xen:///system", "not a libvirt QEMU URI"},
                {"qemu:///embed?root=/tmp", "not a libvirt QEMU URI"}, {"qemu:///system?socket=/a&x=1", "not a libvirt"},
                {"qemu:// /system", "is not a URI"}}) {
            LabsException e = assertThrows(LabsException.class, () -> LibvirtUri.parse(c[0]), c[0]);
            assertEquals(2, e.exitCode(), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
            assertTrue(e.fix() != null && e.fix().contains("qemu:///system"), e.fix());
        }
    }
}
