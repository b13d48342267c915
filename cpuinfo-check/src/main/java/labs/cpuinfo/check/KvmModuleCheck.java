package labs.cpuinfo.check;

import java.util.ArrayList;
import java.util.List;
import labs.cpuinfo.Processor;

/**
 * KVM in the kernel, from /sys/module (which also lists built-in modules and works where /proc/modules is
 * missing): kvm plus its vendor half, kvm_intel / kvm_amd, or kvm_pvm (KVM without hardware virtualization).
 */
public final class KvmModuleCheck implements Check {
    @Override
    public List<Finding> run(Host host, Facts.Builder facts) {
        List<Finding> out = new ArrayList<>();
        if (!host.hasFiles() || !host.exists("/sys/module")) {
            out.add(Finding.of(Status.SKIP, "kvm.module", "KVM modules not checked: no sys/module in the dump",
                    "a lone cpuinfo file says nothing about the kernel",
                    "dump a sysroot instead: mkdir -p d/proc d/sys && cp /proc/cpuinfo d/proc/ && "
                            + "cp -r /sys/module/kvm* d/sys/module/ (then --sysroot d)"));
            return out;
        }
        facts.kvmModulesChecked = true;
        boolean kvm = host.exists("/sys/module/kvm");
        String vendor = null;
        for (String m : List.of("kvm_intel", "kvm_amd", "kvm_pvm")) {
            if (host.exists("/sys/module/" + m)) {
                vendor = m;
                break;
            }
        }
        // A vendor module without kvm itself (a damaged or partial dump: kvm_intel needs kvm) is no KVM at all;
        // recording it made the verdict say "KVM can be used" under this check's own FAIL.
        facts.kvmVendorModule = kvm ? vendor : null;
        Processor p0 = host.cpuinfo().first();
        String wanted = p0 != null && p0.isAmd() ? "kvm_amd" : "kvm_intel";
        if (!kvm || vendor == null) {
            String have = kvm ? "kvm is loaded but no vendor module (kvm_intel, kvm_amd, kvm_pvm)"
                    : "no kvm module in /sys/module";
            boolean hw = Boolean.TRUE.equals(facts.hwVirt);
            out.add(Finding.of(hw ? Status.FAIL : Status.WARN, "kvm.module", have,
                    hw ? "the CPU has VT-x/AMD-V but the module is not loaded (or refused: see the kernel log line)"
                            : "without VT-x/AMD-V kvm_intel/kvm_amd refuse to load; only a PVM kernel offers KVM",
                    "sudo modprobe " + wanted + "   (to load it at boot: echo " + wanted
                            + " | sudo tee /etc/modules-load.d/kvm.conf)"));
            return out;
        }
        String how = host.exists("/sys/module/" + vendor + "/initstate") ? "loaded module" : "built into the kernel";
        if (vendor.equals("kvm_pvm")) {
            String cmdline = host.read("/proc/cmdline");
            out.add(Finding.of(Status.NOTE, "kvm.module", "kvm + kvm_pvm (" + how + ")" + (cmdline.contains(
                    "nested_pvm=1") ? ", kernel command line nested_pvm=1" : ""),
                    "kvm_pvm is KVM without hardware virtualization (PVM): /dev/kvm and the KVM API work, but only "
                            + "PVM-aware guest kernels run fast; an ordinary Linux kernel's kernel-mode code is "
                            + "emulated instruction by instruction",
                    "none: labs boots Linux guests under TCG here; for KVM use a machine (or VM) with VT-x/AMD-V"));
            return out;
        }
        out.add(Finding.pass("kvm.module", "kvm + " + vendor + " (" + how + ")"));
        String nested = host.read("/sys/module/" + vendor + "/parameters/nested");
        if (nested.equals("Y") || nested.equals("1")) {
            out.add(Finding.pass("kvm.nested", vendor + " nested=" + nested + ": guests may run KVM themselves"));
        } else if (!nested.isEmpty()) {
            out.add(Finding.of(Status.NOTE, "kvm.nested", vendor + " nested=" + nested,
                    "guests cannot use KVM themselves (not needed by these labs)",
                    "echo 'options " + vendor + " nested=1' | sudo tee /etc/modprobe.d/kvm-nested.conf && sudo "
                            + "modprobe -r " + vendor + " && sudo modprobe " + vendor));
        }
        return out;
    }
}
