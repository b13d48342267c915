package labs.launcher;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import labs.common.LabsException;

/**
 * The host's RAM, the bound of a guest's --memory: QEMU accepts any size when the VM is defined and fails only at
 * start ("cannot set up guest memory"), so a size over the host's whole memory is refused at create instead.
 */
public final class HostMemory {
    private HostMemory() {}

    /** MemTotal of /proc/meminfo in MiB, or empty when it cannot be read (the check is then skipped). */
    public static OptionalLong totalMiB() {
        return field("MemTotal:");
    }

    private static OptionalLong field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(name)) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no /proc: nothing to compare with
        }
        return OptionalLong.empty();
    }

    /** MemAvailable of /proc/meminfo in MiB (what can be had without swapping), or empty when unknown. */
    public static OptionalLong availableMiB() {
        return field("MemAvailable:");
    }

    /** Refuses memoryMiB above hostMiB (when known) with exit 2. */
    static void check(long memoryMiB, OptionalLong hostMiB) {
        if (hostMiB.isPresent() && memoryMiB > hostMiB.getAsLong()) {
            throw LabsException.usage(Msg.get(VmText.MEMORY_OVER_HOST, memoryMiB, hostMiB.getAsLong()),
                    Msg.get(VmText.MEMORY_OVER_HOST_FIX, hostMiB.getAsLong(), VmSpec.DEFAULT_MEMORY_MIB));
        }
    }
}
