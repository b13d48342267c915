package labs.cpuinfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The one answer the launcher needs from vt-check: may Linux guests run under KVM here? Cheap (no OSHI, no JNA
 * beyond an open of /dev/kvm), so every `labs vm start` can ask.
 *
 * @param kvmUsable  true only when the CPU exposes VT-x/AMD-V and /dev/kvm opens read-write
 * @param reasonCode stable code for --json and meta.json (e.g. "ok", "no-hw-virt", "no-dev-kvm", "kvm-no-access")
 * @param reason     one sentence a student understands
 */
public record KvmVerdict(boolean kvmUsable, String reasonCode, String reason) {
    private static final Pattern HW_VIRT = Pattern.compile("(?m)^flags\\s*:.*\\b(vmx|svm)\\b");

    public static KvmVerdict ofThisMachine() {
        boolean hw;
        try {
            hw = HW_VIRT.matcher(Files.readString(Path.of("/proc/cpuinfo"))).find();
        } catch (IOException e) {
            hw = false;
        }
        Path dev = Path.of("/dev/kvm");
        if (!Files.exists(dev)) {
            return new KvmVerdict(false, "no-dev-kvm", "/dev/kvm does not exist, so Linux guests run under TCG");
        }
        if (!Files.isReadable(dev) || !Files.isWritable(dev)) {
            return new KvmVerdict(false, "kvm-no-access", "/dev/kvm exists but this user cannot open it read-write");
        }
        if (!hw) {
            return new KvmVerdict(false, "no-hw-virt", "the KVM API answers but the CPU exposes no hardware "
                    + "virtualization (no vmx/svm), so Linux guests run under TCG");
        }
        return new KvmVerdict(true, "ok", "CPU has VT-x/AMD-V and /dev/kvm is usable");
    }
}
