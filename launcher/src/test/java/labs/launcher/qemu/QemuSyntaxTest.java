package labs.launcher.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.MachineSpec;
import labs.launcher.guest.GuestImage;
import org.junit.jupiter.api.Test;

/**
 * QEMU's two path syntaxes: QemuOpts values (',' doubled) and block-layer file names (absolute, so no "proto:"
 * prefix). HostilePathIT boots a guest from such paths for real.
 */
class QemuSyntaxTest {
    @Test
    void commasAreDoubledAndNothingElseChanges() {
        assertEquals("/a,,b/x,,readonly=off", QemuOpts.value("/a,b/x,readonly=off"));
        assertEquals("/a:b=c d\\e", QemuOpts.value("/a:b=c d\\e"));
        assertEquals(",,,,", QemuOpts.value(",,"));
    }

    @Test
    void blockPathsAreAbsoluteSoNoPrefixIsAProtocol() {
        for (String hostile : List.of("nbd:localhost", "json:{\"driver\":\"file\"}", "file:x", "-f")) {
            String p = BlockPath.of(Path.of(hostile));
            assertTrue(p.startsWith("/"), p);
            assertTrue(p.endsWith(hostile), p);
        }
        assertEquals("/a/b", BlockPath.of(Path.of("/a/./x/../b")));
    }

    @Test
    void everyPathInTheCommandLineIsWrittenInItsOwnSyntax() {
        Path dir = Path.of("/s/a,b:c=d e");
        GuestImage image = new GuestImage(dir.resolve("vm,linux"), dir.resolve("init,rd"), dir.resolve("root,sq"),
                "6.1", "test", dir);
        List<String> a = QemuCommand.of(MachineSpec.builder("syntax", image).agentSocket(dir.resolve("agent,sock"))
                .qmpSocket(dir.resolve("qmp,sock")).consoleLog(dir.resolve("con,sole.log"))
                .dataDisk(dir.resolve("disk,x.qcow2"), DiskFormat.QCOW2, CacheMode.NONE)
                .pidFile(dir.resolve("p,id")).build(), Path.of("/usr/bin/qemu-system-x86_64"));
        String d = "/s/a,,b:c=d e/";
        assertTrue(a.contains("file=" + d + "root,,sq,if=none,id=root,format=raw,readonly=on"), a.toString());
        assertTrue(a.stream().anyMatch(s -> s.startsWith("file=" + d + "disk,,x.qcow2,if=none,id=data,")), a.toString());
        assertTrue(a.contains("file,id=console,path=" + d + "con,,sole.log"), a.toString());
        assertTrue(a.contains("socket,id=agent,path=" + d + "agent,,sock,server=on,wait=off"), a.toString());
        assertTrue(a.contains("socket,id=qmp,path=" + d + "qmp,,sock,server=on,wait=off"), a.toString());
        // taken whole by QEMU: written as is
        assertEquals("/s/a,b:c=d e/vm,linux", a.get(a.indexOf("-kernel") + 1));
        assertEquals("/s/a,b:c=d e/init,rd", a.get(a.indexOf("-initrd") + 1));
        assertEquals("/s/a,b:c=d e/p,id", a.get(a.indexOf("-pidfile") + 1));
    }
}
