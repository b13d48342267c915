package labs.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import labs.common.LabsException;
import org.junit.jupiter.api.Test;

/** $LABS_BOOT_TIMEOUT and --memory: a bad value is exit 2, never ignored nor an internal error later. */
class InputLimitsTest {
    @Test
    void bootTimeoutTakesWholeSecondsUpToAnHour() {
        assertEquals(Optional.empty(), BootTimeout.parse(null));
        assertEquals(Optional.of(Duration.ofSeconds(1)), BootTimeout.parse("1"));
        assertEquals(Optional.of(Duration.ofSeconds(3600)), BootTimeout.parse("3600"));
        for (String bad : new String[] {"abc", "-1", "1.5", "", " ", "0", "3601", "99999999999999",
            "9".repeat(5000)}) {
            LabsException e = assertThrows(LabsException.class, () -> BootTimeout.parse(bad), bad);
            assertEquals(2, e.exitCode());
            assertTrue(e.fix().contains("LABS_BOOT_TIMEOUT"), e.fix());
            assertTrue(e.getMessage().length() < 400, e.getMessage());
        }
    }

    @Test
    void memoryAboveTheHostsRamIsRefused() {
        HostMemory.check(512, OptionalLong.of(1024));
        HostMemory.check(99_999_999, OptionalLong.empty());   // unknown: QEMU decides
        LabsException e = assertThrows(LabsException.class, () -> HostMemory.check(99_999_999, OptionalLong.of(4096)));
        assertEquals(2, e.exitCode());
        assertTrue(e.fix().contains("128..4096"), e.fix());
        assertTrue(HostMemory.totalMiB().isPresent(), "/proc/meminfo is read on Linux");
    }

    @Test
    void createRefusesMoreMemoryThanTheHostHas() {
        VmSpec spec = new VmSpec("m1", 1, java.util.List.of(), 99_999_999, VmSpec.DEFAULT_DISK_MIB, DiskFormat.QCOW2,
                CacheMode.NONE, AccelChoice.AUTO, false);
        assertEquals(2, assertThrows(LabsException.class, () -> Launcher.check(spec)).exitCode());
    }
}
