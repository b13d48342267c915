package labs.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Whether this process runs inside the emulated AMD-V machine that labs boots for itself (a TCG guest with
 * {@code -cpu max}, in which KVM runs for real). That machine's kernel command line carries {@link #MARKER}; a
 * kernel parameter, unlike an environment variable, reaches every process there and cannot be set by another
 * user. Figures measured in it show KVM's behaviour, not its speed, and every result must say so.
 */
public final class EmulatedAmdV {
    /** The kernel parameter the emulated machine boots with. */
    public static final String MARKER = "labs.amdv=1";
    /** The caveat every figure measured inside the machine carries. */
    public static final String CAVEAT = "KVM inside an emulated AMD-V machine (TCG): KVM's behaviour, not its speed";

    private EmulatedAmdV() {
    }

    /** True inside the emulated machine: /proc/cmdline names {@link #MARKER}. */
    public static boolean inside() {
        return inside(Path.of("/proc/cmdline"));
    }

    static boolean inside(Path cmdline) {
        try {
            return Arrays.asList(Files.readString(cmdline).trim().split("\\s+")).contains(MARKER);
        } catch (IOException e) {
            return false;
        }
    }
}
