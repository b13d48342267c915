package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a console captured from a real guest kernel panic (see src/test/resources/console/README.md). */
class ConsoleLogTest {
    @TempDir
    Path tmp;

    @Test
    void namesTheRealPanicAndShowsTheTail() throws Exception {
        Path log = Path.of(getClass().getResource("/console/panic-no-root.log").toURI());
        String panic = ConsoleLog.panic(log);
        assertTrue(panic.startsWith("Kernel panic - not syncing: VFS: Unable to mount root fs"), panic);
        String tail = ConsoleLog.tail(log, 5);
        assertEquals(5, tail.split("\n").length);
        assertTrue(tail.contains("Kernel Offset: disabled"), tail);
    }

    @Test
    void aHealthyOrMissingConsoleHasNoPanic() throws Exception {
        Path log = Files.writeString(tmp.resolve("c.log"), "\u001b[0mlabs-agent: ready on /dev/vport2p1\r\n");
        assertNull(ConsoleLog.panic(log));
        assertEquals("labs-agent: ready on /dev/vport2p1", ConsoleLog.tail(log, 10));
        assertTrue(ConsoleLog.tail(tmp.resolve("none.log"), 10).contains("empty"));
    }

    @Test
    void namesWhatTheGuestsInitSaidWhenItGaveUp() throws Exception {
        Path log = Path.of(getClass().getResource("/console/init-failed-no-modules.log").toURI());
        assertEquals("no virtio disk with serial 'root' (is the root disk attached?)", ConsoleLog.initFailure(log));
        assertNull(ConsoleLog.panic(log));
        Path healthy = Files.writeString(tmp.resolve("c.log"), "labs-agent: ready on /dev/vport2p1\n");
        assertNull(ConsoleLog.initFailure(healthy));
    }
}
