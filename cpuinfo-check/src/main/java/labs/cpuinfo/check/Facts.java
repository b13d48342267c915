package labs.cpuinfo.check;

import labs.cpuinfo.Arch;

/**
 * What the verdict is decided from: an immutable value, made once every check has finished. null = not known (dump
 * mode, not checked).
 *
 * <p>Each check records what it finds in its own {@link Builder}, never shared between threads (the slow checks run
 * on their own threads). vt-check then merges the builders in the report's fixed order, so when two checks record the
 * same fact (the CPU check and the firmware check both find evidence that firmware hides VT-x), the later one in the
 * report wins on every run; a fact shared between threads made the verdict's wording depend on which finished last.
 *
 * @param arch                      the architecture the cpuinfo describes; null when it could not be read at all
 * @param hwVirt                    vmx or svm on at least one processor
 * @param firmwareDisabledEvidence  signs that firmware hides VT-x/AMD-V (kernel log, MSR lock, a known CPU model)
 * @param underHypervisor           the machine is itself a VM (hypervisor flag, DMI, /sys/hypervisor)
 * @param kvmVendorModule           the vendor KVM module in /sys/module (kvm_intel, kvm_amd, kvm_pvm); null when none
 * @param kvmModulesChecked         /sys/module was read, so a null kvmVendorModule means "none loaded"
 * @param live                      false when checking a saved dump: live-only facts stay null
 */
public record Facts(Arch arch, Boolean hwVirt, String firmwareDisabledEvidence, boolean underHypervisor,
                    String kvmVendorModule, boolean kvmModulesChecked, Boolean devKvmExists, Boolean devKvmOpens,
                    Boolean kvmApiWorks, boolean live) {

    /**
     * One check's record of what it found, and (for the checks that run in order on the calling thread) what the
     * checks before it found. Confined to the thread running that check: plain fields, no locks.
     */
    public static final class Builder {
        public Arch arch;
        public Boolean hwVirt;
        public String firmwareDisabledEvidence;
        public boolean underHypervisor;
        public String kvmVendorModule;
        public boolean kvmModulesChecked;
        public Boolean devKvmExists;
        public Boolean devKvmOpens;
        public Boolean kvmApiWorks;
        public boolean live = true;

        public Builder() {}

        /** A builder that starts from facts already known (what the checks before this one found). */
        public static Builder from(Facts f) {
            Builder b = new Builder();
            b.arch = f.arch;
            b.hwVirt = f.hwVirt;
            b.firmwareDisabledEvidence = f.firmwareDisabledEvidence;
            b.underHypervisor = f.underHypervisor;
            b.kvmVendorModule = f.kvmVendorModule;
            b.kvmModulesChecked = f.kvmModulesChecked;
            b.devKvmExists = f.devKvmExists;
            b.devKvmOpens = f.devKvmOpens;
            b.kvmApiWorks = f.kvmApiWorks;
            b.live = f.live;
            return b;
        }

        /** These facts with what later found laid over them: a known value replaces, an unknown one (null) does not. */
        public Builder merge(Builder later) {
            arch = later.arch != null ? later.arch : arch;
            hwVirt = later.hwVirt != null ? later.hwVirt : hwVirt;
            firmwareDisabledEvidence = later.firmwareDisabledEvidence != null ? later.firmwareDisabledEvidence
                    : firmwareDisabledEvidence;
            underHypervisor |= later.underHypervisor;
            kvmVendorModule = later.kvmVendorModule != null ? later.kvmVendorModule : kvmVendorModule;
            kvmModulesChecked |= later.kvmModulesChecked;
            devKvmExists = later.devKvmExists != null ? later.devKvmExists : devKvmExists;
            devKvmOpens = later.devKvmOpens != null ? later.devKvmOpens : devKvmOpens;
            kvmApiWorks = later.kvmApiWorks != null ? later.kvmApiWorks : kvmApiWorks;
            return this;
        }

        public Facts build() {
            return new Facts(arch, hwVirt, firmwareDisabledEvidence, underHypervisor, kvmVendorModule,
                    kvmModulesChecked, devKvmExists, devKvmOpens, kvmApiWorks, live);
        }
    }
}
