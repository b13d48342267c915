package labs.launcher.guest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.junit.jupiter.api.Test;

class InitramfsTest {
    @Test
    void writesNewcWithRootOwnedEntriesOfEveryKind() throws Exception {
        byte[] init = "#!/bin/busybox sh\necho hi\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Initramfs().dir("bin").dir("dev").charDevice("dev/console", 0600, 5, 1)
                .file("init", 0755, init).symlink("bin/sh", "busybox").writeTo(out);
        byte[] cpio = out.toByteArray();
        assertEquals("070701", new String(cpio, 0, 6, StandardCharsets.US_ASCII), "newc magic");

        Map<String, CpioArchiveEntry> entries = new LinkedHashMap<>();
        Map<String, byte[]> contents = new LinkedHashMap<>();
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(new ByteArrayInputStream(cpio))) {
            CpioArchiveEntry e;
            while ((e = in.getNextCPIOEntry()) != null) {
                entries.put(e.getName(), e);
                contents.put(e.getName(), in.readAllBytes());
            }
        }
        assertEquals(java.util.List.of("bin", "dev", "dev/console", "init", "bin/sh"), java.util.List.copyOf(entries.keySet()));
        entries.values().forEach(e -> assertEquals(0, e.getUID()));
        assertTrue(entries.get("bin").isDirectory());
        CpioArchiveEntry console = entries.get("dev/console");
        assertEquals(CpioConstants.C_ISCHR | 0600, console.getMode());
        assertEquals(5, console.getRemoteDeviceMaj());
        assertEquals(1, console.getRemoteDeviceMin());
        assertEquals(CpioConstants.C_ISREG | 0755, entries.get("init").getMode());
        assertArrayEquals(init, contents.get("init"));
        assertTrue(entries.get("bin/sh").isSymbolicLink());
        assertEquals("busybox", new String(contents.get("bin/sh"), StandardCharsets.UTF_8));
    }
}
