package labs.cpuinfo;

import java.util.List;
import labs.common.i18n.CheckText;
import labs.common.i18n.Msg;

/**
 * A sub-feature of VT-x or AMD-V that KVM uses, as Linux names it (Intel: the `vmx flags` line; AMD: the `flags`
 * line). essential = KVM works without it, but guests get markedly slower (the lab's figures would mislead).
 *
 * @param about what it does, as a message of the catalog ({@link #meaning()} says it in the run's language)
 */
public record HwVirtFeature(String flag, boolean essential, CheckText about) {
    public static final List<HwVirtFeature> INTEL = List.of(
            new HwVirtFeature("ept", true, CheckText.FEATURE_EPT),
            new HwVirtFeature("unrestricted_guest", true, CheckText.FEATURE_UNRESTRICTED_GUEST),
            new HwVirtFeature("vpid", false, CheckText.FEATURE_VPID),
            new HwVirtFeature("flexpriority", false, CheckText.FEATURE_FLEXPRIORITY),
            new HwVirtFeature("apicv", false, CheckText.FEATURE_APICV),
            new HwVirtFeature("posted_intr", false, CheckText.FEATURE_POSTED_INTR),
            new HwVirtFeature("ept_ad", false, CheckText.FEATURE_EPT_AD),
            new HwVirtFeature("shadow_vmcs", false, CheckText.FEATURE_SHADOW_VMCS),
            new HwVirtFeature("pml", false, CheckText.FEATURE_PML),
            new HwVirtFeature("tsc_scaling", false, CheckText.FEATURE_TSC_SCALING));

    public static final List<HwVirtFeature> AMD = List.of(
            new HwVirtFeature("npt", true, CheckText.FEATURE_NPT),
            new HwVirtFeature("nrip_save", false, CheckText.FEATURE_NRIP_SAVE),
            new HwVirtFeature("avic", false, CheckText.FEATURE_AVIC),
            new HwVirtFeature("vgif", false, CheckText.FEATURE_VGIF),
            new HwVirtFeature("v_vmsave_vmload", false, CheckText.FEATURE_V_VMSAVE_VMLOAD),
            new HwVirtFeature("decodeassists", false, CheckText.FEATURE_DECODEASSISTS),
            new HwVirtFeature("flushbyasid", false, CheckText.FEATURE_FLUSHBYASID),
            new HwVirtFeature("tsc_scale", false, CheckText.FEATURE_TSC_SCALE));

    /** What the feature does, in the run's language. */
    public String meaning() {
        return Msg.get(about);
    }
}
