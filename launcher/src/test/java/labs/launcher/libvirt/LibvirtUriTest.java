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

    /** qemu+ssh: the host's system daemon, with the ssh options libvirt itself takes from the URI. */
    @Test
    void sshUrisAreTaken() {
        LibvirtUri u = LibvirtUri.parse("qemu+ssh://root@127.0.0.1:2222/system?keyfile=/tmp/k%20ey&no_verify=1");
        assertTrue(u.remote() && u.system());
        assertEquals(Path.of("/tmp/k ey"), u.ssh().keyfile());
        assertEquals("root@127.0.0.1:2222", u.ssh().display());
        assertEquals(java.util.List.of("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o",
                "ServerAliveInterval=15", "-p", "2222", "-i", "/tmp/k ey", "-o", "IdentitiesOnly=yes", "-o",
                "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-l", "root",
                "--", "127.0.0.1", "'ls' '-l' 'it'\"'\"'s; rm -rf /'"),
                u.ssh().command(java.util.List.of("ls", "-l", "it's; rm -rf /")));
        for (String[] c : new String[][] {{"qemu+ssh://h/system?command=/bin/evil", "parameter 'command'"},
                {"qemu+ssh://h/session", "not a remote system daemon"}, {"qemu+ssh://-oProxyCommand=x/system", ""}}) {
            LabsException e = assertThrows(LabsException.class, () -> LibvirtUri.parse(c[0]), c[0]);
            assertEquals(2, e.exitCode(), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
        }
    }

    @Test
    void remoteOtherDriversAndBadSyntaxExit2() {
        for (String[] c : new String[][] {{"qemu+tcp://root@10.0.0.1/system", "remote libvirt host"},
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
