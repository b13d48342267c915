package labs.cpuinfo.check;

import java.util.ArrayList;
import java.util.List;
import labs.common.i18n.Msg;
import labs.cpuinfo.Processor;

import static labs.common.i18n.CheckText.*;

/**
 * KVM in the kernel, from /sys/module (which also lists built-in modules and works where /proc/modules is
 * missing): kvm plus its vendor half, kvm_intel / kvm_amd, or kvm_pvm (KVM without hardware virtualization).
 */
public final class KvmModuleCheck implements Check {
    @Override
    public List<Finding> run(Host host, Facts.Builder facts) {
        List<Finding> out = new ArrayList<>();
        if (!host.hasFiles() || !host.exists("/sys/module")) {
            out.add(Finding.of(Status.SKIP, "kvm.module", Msg.get(MOD_DUMP), Msg.get(MOD_DUMP_WHY),
                    Msg.get(MOD_DUMP_FIX, "mkdir -p d/proc d/sys && cp /proc/cpuinfo d/proc/ && "
                            + "cp -r /sys/module/kvm* d/sys/module/")));
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
            String have = kvm ? Msg.get(MOD_NO_VENDOR) : Msg.get(MOD_NONE);
            boolean hw = Boolean.TRUE.equals(facts.hwVirt);
            out.add(Finding.of(hw ? Status.FAIL : Status.WARN, "kvm.module", have,
                    Msg.get(hw ? MOD_HW_WHY : MOD_NO_HW_WHY), Msg.get(MOD_FIX, "sudo modprobe " + wanted,
                            "echo " + wanted + " | sudo tee /etc/modules-load.d/kvm.conf")));
            return out;
        }
        String how = Msg.get(host.exists("/sys/module/" + vendor + "/initstate") ? MOD_LOADED : MOD_BUILTIN);
        if (vendor.equals("kvm_pvm")) {
            String cmdline = host.read("/proc/cmdline");
            out.add(Finding.of(Status.NOTE, "kvm.module", Msg.get(MOD_PVM, how,
                    cmdline.contains("nested_pvm=1") ? Msg.get(MOD_PVM_NESTED) : ""),
                    Msg.get(MOD_PVM_WHY), Msg.get(MOD_PVM_FIX)));
            return out;
        }
        out.add(Finding.pass("kvm.module", Msg.get(MOD_OK, vendor, how)));
        String nested = host.read("/sys/module/" + vendor + "/parameters/nested");
        if (nested.equals("Y") || nested.equals("1")) {
            out.add(Finding.pass("kvm.nested", Msg.get(MOD_NESTED_ON, vendor, nested)));
        } else if (!nested.isEmpty()) {
            out.add(Finding.of(Status.NOTE, "kvm.nested", vendor + " nested=" + nested,
                    Msg.get(MOD_NESTED_OFF_WHY),
                    "echo 'options " + vendor + " nested=1' | sudo tee /etc/modprobe.d/kvm-nested.conf && sudo "
                            + "modprobe -r " + vendor + " && sudo modprobe " + vendor));
        }
        return out;
    }
}
