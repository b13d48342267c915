package labs.launcher.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestToolsTest {
    @Test
    void sadcIsTakenWhereTheReleasePutsIt(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("usr/bin"));
        Files.writeString(root.resolve("usr/bin/fio"), "");
        List<String> tools = List.of("/usr/bin/fio", "/usr/lib/sysstat/sadc");
        // Neither: the usual path, so that the caller's "is missing" names it.
        assertEquals(List.of(root.resolve("usr/bin/fio"), root.resolve("usr/lib/sysstat/sadc")),
                GuestTools.resolve(root, tools));
        // Debian 13 (sysstat 12.7.5): /usr/libexec/sysstat/sadc.
        Files.createDirectories(root.resolve("usr/libexec/sysstat"));
        Files.writeString(root.resolve("usr/libexec/sysstat/sadc"), "");
        assertEquals(root.resolve("usr/libexec/sysstat/sadc"), GuestTools.resolve(root, tools).get(1));
        // Debian 12 (sysstat 12.6.1): /usr/lib/sysstat/sadc comes first.
        Files.createDirectories(root.resolve("usr/lib/sysstat"));
        Files.writeString(root.resolve("usr/lib/sysstat/sadc"), "");
        assertEquals(root.resolve("usr/lib/sysstat/sadc"), GuestTools.resolve(root, tools).get(1));
    }
}
