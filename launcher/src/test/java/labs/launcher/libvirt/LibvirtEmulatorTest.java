package labs.launcher.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The emulator read from the libvirt host's domain capabilities. Fixture: `virsh -c qemu:///system domcapabilities
 * --virttype qemu --arch x86_64 --machine q35` on Debian 12 (libvirt 9.0, QEMU 7.2).
 */
class LibvirtEmulatorTest {
    @Test
    void theHostsQemuComesFromItsDomainCapabilities() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/libvirt/domcapabilities-qemu-q35.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(Path.of("/usr/bin/qemu-system-x86_64"), LibvirtEmulator.path(xml));
        }
        assertNull(LibvirtEmulator.path("<domainCapabilities><domain>qemu</domain></domainCapabilities>"));
    }
}
