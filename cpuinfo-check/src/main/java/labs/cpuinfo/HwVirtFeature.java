package labs.cpuinfo;

import java.util.List;

/**
 * A sub-feature of VT-x or AMD-V that KVM uses, as Linux names it (Intel: the `vmx flags` line; AMD: the `flags`
 * line). essential = KVM works without it, but guests get markedly slower (the lab's figures would mislead).
 */
public record HwVirtFeature(String flag, boolean essential, String meaning) {
    public static final List<HwVirtFeature> INTEL = List.of(
            new HwVirtFeature("ept", true, "EPT: the CPU walks guest page tables itself (else shadow paging: every"
                    + " guest page-table write exits to KVM)"),
            new HwVirtFeature("unrestricted_guest", true, "guest real mode and boot code run natively (else KVM"
                    + " emulates them)"),
            new HwVirtFeature("vpid", false, "tagged TLB: no full TLB flush on every VM entry and exit"),
            new HwVirtFeature("flexpriority", false, "APIC TPR accesses without an exit"),
            new HwVirtFeature("apicv", false, "APIC virtualization: fewer exits for interrupts"),
            new HwVirtFeature("posted_intr", false, "interrupts delivered to a running vCPU without an exit"),
            new HwVirtFeature("ept_ad", false, "accessed/dirty bits in EPT (cheaper dirty tracking)"),
            new HwVirtFeature("shadow_vmcs", false, "faster nested virtualization"),
            new HwVirtFeature("pml", false, "page-modification logging (live migration)"),
            new HwVirtFeature("tsc_scaling", false, "guest TSC at another frequency (migration between hosts)"));

    public static final List<HwVirtFeature> AMD = List.of(
            new HwVirtFeature("npt", true, "nested page tables, AMD's EPT (else shadow paging)"),
            new HwVirtFeature("nrip_save", false, "next-RIP on exits: KVM need not decode the instruction"),
            new HwVirtFeature("avic", false, "AMD's APIC virtualization: fewer exits for interrupts"),
            new HwVirtFeature("vgif", false, "virtual GIF: faster nested virtualization"),
            new HwVirtFeature("v_vmsave_vmload", false, "VMSAVE/VMLOAD without exits in nested guests"),
            new HwVirtFeature("decodeassists", false, "the CPU decodes the exiting instruction for KVM"),
            new HwVirtFeature("flushbyasid", false, "tagged TLB flush per guest (ASID)"),
            new HwVirtFeature("tsc_scale", false, "guest TSC at another frequency"));
}
