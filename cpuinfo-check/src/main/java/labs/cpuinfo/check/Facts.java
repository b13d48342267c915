package labs.cpuinfo.check;

import labs.cpuinfo.Arch;

/**
 * What the verdict is decided from, filled by the checks as they run (some run on their own threads, hence
 * volatile; the verdict reads them after every check has finished). null = not known (dump mode, not checked).
 */
public final class Facts {
    /** The architecture the cpuinfo describes; null when it could not be read at all. */
    public volatile Arch arch;
    /** vmx or svm on at least one processor. */
    public volatile Boolean hwVirt;
    /** Signs that firmware hides VT-x/AMD-V (kernel log, MSR lock, a CPU model known to have it). */
    public volatile String firmwareDisabledEvidence;
    /** The machine is itself a VM (hypervisor flag, DMI, /sys/hypervisor). */
    public volatile boolean underHypervisor;
    /** The vendor KVM module found in /sys/module: kvm_intel, kvm_amd, kvm_pvm; null when none. */
    public volatile String kvmVendorModule;
    /** /sys/module was read (live, or a sysroot that has it), so a null kvmVendorModule means "none loaded". */
    public volatile boolean kvmModulesChecked;
    public volatile Boolean devKvmExists;
    public volatile Boolean devKvmOpens;
    public volatile Boolean kvmApiWorks;
    /** false when checking a saved dump: live-only facts stay null. */
    public volatile boolean live = true;
}
