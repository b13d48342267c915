package labs.vmm;

import java.nio.file.Files;
import java.nio.file.Path;

/** Which KVM serves /dev/kvm: hardware-assisted (VT-x, AMD-V) or a software nested one that emulates ring 0. */
public enum KvmFlavor {
    VT_X("kvm_intel", "Intel VT-x", true),
    AMD_V("kvm_amd", "AMD-V (SVM)", true),
    PVM("kvm_pvm", "software nested KVM (kvm_pvm): ring-3 guest code runs natively, ring-0 code is emulated", false),
    UNKNOWN("?", "KVM of unknown kind (no kvm_intel, kvm_amd or kvm_pvm in /sys/module)", false);

    private final String module;
    private final String description;
    private final boolean hardware;

    KvmFlavor(String module, String description, boolean hardware) {
        this.module = module;
        this.description = description;
        this.hardware = hardware;
    }

    public String module() { return module; }
    public String description() { return description; }
    public boolean hardware() { return hardware; }

    public static KvmFlavor detect() { return detect(Path.of("/sys/module")); }

    static KvmFlavor detect(Path sysModule) {
        for (KvmFlavor f : values()) {
            if (f != UNKNOWN && Files.isDirectory(sysModule.resolve(f.module))) {
                return f;
            }
        }
        return UNKNOWN;
    }
}
