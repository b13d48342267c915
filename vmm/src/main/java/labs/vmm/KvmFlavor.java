package labs.vmm;

import java.nio.file.Files;
import java.nio.file.Path;

/** Which KVM serves /dev/kvm: hardware-assisted (VT-x, AMD-V) or a software nested one that emulates ring 0. */
public enum KvmFlavor {
    VT_X("kvm_intel", "Intel VT-x", true),
    AMD_V("kvm_amd", "AMD-V (SVM)", true),
    PVM("kvm_pvm", labs.common.i18n.SummaryText.FLAVOR_PVM, false),
    UNKNOWN("?", labs.common.i18n.SummaryText.FLAVOR_UNKNOWN, false);

    private final String module;
    private final String description;
    /** The description in the message catalog, for the kinds described by a sentence (null: a name). */
    private final labs.common.i18n.SummaryText sentence;
    private final boolean hardware;

    KvmFlavor(String module, String description, boolean hardware) {
        this.module = module;
        this.description = description;
        this.sentence = null;
        this.hardware = hardware;
    }

    KvmFlavor(String module, labs.common.i18n.SummaryText sentence, boolean hardware) {
        this.module = module;
        this.description = null;
        this.sentence = sentence;
        this.hardware = hardware;
    }

    public String module() { return module; }
    public String description() { return sentence == null ? description : labs.common.i18n.Msg.get(sentence); }
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
