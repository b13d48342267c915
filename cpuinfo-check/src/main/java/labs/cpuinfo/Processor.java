package labs.cpuinfo;

import java.util.Set;

/**
 * One processor block of /proc/cpuinfo (x86 fields; other architectures fill what they have).
 *
 * @param index     the `processor` number
 * @param vendorId  GenuineIntel, AuthenticAMD, HygonGenuine ... ("" when absent)
 * @param modelName the `model name` line
 * @param family    `cpu family`, or -1 when absent
 * @param model     `model`, or -1 when absent
 * @param flags     the `flags` line (x86), `Features` (arm64)
 * @param vmxFlags  the `vmx flags` line Linux 5.8+ prints on Intel CPUs whose VMX is enabled (empty otherwise)
 * @param complete  false when the block lacks lines every x86 block has (truncated or edited dump)
 */
public record Processor(int index, String vendorId, String modelName, int family, int model, Set<String> flags,
                        Set<String> vmxFlags, boolean complete) {
    public boolean hasVmx() { return flags.contains("vmx"); }

    public boolean hasSvm() { return flags.contains("svm"); }

    /** The book's test: `^flags.*(vmx|svm)`. */
    public boolean hasHwVirt() { return hasVmx() || hasSvm(); }

    public boolean isIntel() { return vendorId.equals("GenuineIntel"); }

    /** AMD and Hygon (a licensed Zen) both implement AMD-V/SVM. */
    public boolean isAmd() { return vendorId.equals("AuthenticAMD") || vendorId.equals("HygonGenuine"); }
}
