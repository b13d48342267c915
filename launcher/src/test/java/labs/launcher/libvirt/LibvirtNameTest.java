package labs.launcher.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import labs.common.LabsException;
import org.junit.jupiter.api.Test;

/**
 * virsh looks a domain argument up as an ID first, then as a UUID, then as a name: `virsh destroy 1` destroys the
 * running domain with ID 1 even when a domain is named "1". So through libvirt labs refuses such names (exit 2).
 */
class LibvirtNameTest {
    @Test
    void aNameVirshWouldReadAsAnIdOrUuidIsAUsageError() {
        for (String name : new String[] {"1", "007", "2f1c4a52-3b8e-4c4a-9d7e-0a1b2c3d4e5f",
                "2F1C4A523B8E4C4A9D7E0A1B2C3D4E5F"}) {
            LabsException e = assertThrows(LabsException.class, () -> LibvirtDomains.checkName(name), name);
            assertEquals(2, e.exitCode(), name);
            assertTrue(e.getMessage().contains("ID") || e.getMessage().contains("UUID"), e.getMessage());
        }
    }

    @Test
    void ordinaryNamesPass() {
        for (String name : new String[] {"vm1", "1a", "1-2", "a2f1c4a52-3b8e-4c4a-9d7e-0a1b2c3d4e5f"}) {
            assertEquals(name, LibvirtDomains.checkName(name));
        }
    }
}
