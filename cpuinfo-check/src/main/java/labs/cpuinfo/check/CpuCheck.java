package labs.cpuinfo.check;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import labs.common.i18n.Msg;
import labs.cpuinfo.Arch;
import labs.cpuinfo.CpuInfo;
import labs.cpuinfo.HwVirtFeature;
import labs.cpuinfo.Processor;

import static labs.common.i18n.CheckText.*;

/**
 * The book's first step, `egrep -c '^flags.*(vmx|svm)' /proc/cpuinfo`, grown up: architecture, vendor and model,
 * vmx/svm counted over every processor block (with mismatches), and the sub-features KVM's speed depends on.
 */
public final class CpuCheck implements Check {
    /** The book's command, as typed: an argument of the messages, never translated. */
    private static final String BOOK = "`egrep -c '^flags.*(vmx|svm)' /proc/cpuinfo`";
    private static final String SAVE_CPUINFO = "cat /proc/cpuinfo > cpuinfo.txt";
    /** Core i3/i5/i7/i9, Core Ultra, Xeon and AMD family 10h+ all have VT-x/AMD-V (a few low-end parts aside). */
    private static final Pattern INTEL_WITH_VTX = Pattern.compile("Core\\(TM\\) (i[3579]|Ultra)|Core\\(TM\\)2|Xeon");

    @Override
    public List<Finding> run(Host host, Facts.Builder facts) {
        List<Finding> out = new ArrayList<>();
        CpuInfo ci = host.cpuinfo();
        String src = host.cpuinfoOrigin();
        if (ci.processors().isEmpty() && ci.arch() != Arch.S390X) {
            facts.arch = null;
            out.add(Finding.of(Status.FAIL, "cpu.read", Msg.get(CPU_NONE, src),
                    String.join("; ", ci.problems()),
                    host.live() ? Msg.get(CPU_NONE_FIX_LIVE, "mount -t proc proc /proc")
                            : Msg.get(CPU_NONE_FIX_DUMP, SAVE_CPUINFO)));
            return out;
        }
        facts.arch = ci.arch();
        if (!ci.problems().isEmpty()) {
            out.add(Finding.of(Status.WARN, "cpu.read", Msg.get(CPU_DAMAGED, src, String.join("; ", ci.problems())),
                    Msg.get(CPU_DAMAGED_WHY), Msg.get(CPU_DAMAGED_FIX, SAVE_CPUINFO)));
        }
        Processor p0 = ci.first();
        if (ci.arch() != Arch.X86_64) {
            out.add(Finding.of(Status.FAIL, "cpu.arch", Msg.get(CPU_NOT_X86, ci.arch().javaName(),
                    p0 == null ? ci.machine().getOrDefault("vendor_id", "?") : describe(p0)),
                    Msg.get(CPU_NOT_X86_WHY, ci.arch().kvmNote()), Msg.get(CPU_NOT_X86_FIX)));
            facts.hwVirt = false;
            return out;
        }
        out.add(Finding.pass("cpu.arch", Msg.get(CPU_X86, describe(p0), ci.processors().size())));

        int n = ci.processors().size();
        int withVmx = (int) ci.processors().stream().filter(Processor::hasVmx).count();
        int withSvm = (int) ci.processors().stream().filter(Processor::hasSvm).count();
        int count = ci.hwVirtCount();
        facts.hwVirt = count > 0;
        boolean hypervisorFlag = p0.flags().contains("hypervisor");
        if (count == 0) {
            out.add(noHwVirt(host, facts, p0, n, hypervisorFlag));
            return out;
        }
        String which = withVmx > 0 ? "vmx (Intel VT-x)" : "svm (AMD-V)";
        if (withVmx > 0 && withSvm > 0) {
            which = Msg.get(CPU_VMX_AND_SVM);
        }
        out.add(Finding.pass("cpu.hw-virt", Msg.get(CPU_HW_VIRT, count, n, which, BOOK)));
        if (count < n) {
            List<Integer> lacking = ci.processors().stream().filter(p -> !p.hasHwVirt()).map(Processor::index)
                    .toList();
            String list = lacking.size() <= 16 ? lacking.toString()   // thousands of indices make no useful line
                    : lacking.subList(0, 16).toString().replace("]", ", … (" + Msg.get(IN_ALL, lacking.size()) + ")]");
            out.add(Finding.of(Status.WARN, "cpu.hw-virt-mismatch", Msg.get(CPU_MISMATCH, list, count),
                    Msg.get(CPU_MISMATCH_WHY), Msg.get(CPU_MISMATCH_FIX)));
        }
        out.add(subFeatures(p0));
        return out;
    }

    /** Where VT-x/AMD-V is missing, the way to see the KVM side of the labs anyway (issue 12). */
    static String amdvHint() {
        return Msg.get(AMDV_HINT);
    }

    private Finding noHwVirt(Host host, Facts.Builder facts, Processor p0, int n, boolean hypervisorFlag) {
        String title = Msg.get(CPU_NO_HW_VIRT, n, BOOK);
        if (hypervisorFlag) {
            return Finding.of(Status.FAIL, "cpu.hw-virt", title, Msg.get(CPU_NESTED_OFF_WHY),
                    Msg.get(CPU_NESTED_OFF_FIX, amdvHint()));
        }
        Boolean cpuid = host.live() ? cpuidSaysHwVirt(p0) : null;
        boolean known = knownToHaveHwVirt(p0);
        if (Boolean.TRUE.equals(cpuid) || known) {
            String evidence = Boolean.TRUE.equals(cpuid) ? Msg.get(CPU_CPUID)
                    : Msg.get(CPU_MODEL_HAS, p0.isAmd() ? "AMD-V" : "VT-x");
            facts.firmwareDisabledEvidence = Msg.get(CPU_HIDES, evidence);
            return Finding.of(Status.FAIL, "cpu.hw-virt", Msg.get(CPU_MAYBE_FIRMWARE, title),
                    Msg.get(CPU_FIRMWARE_WHY, evidence, kernelAtLeast56(host) ? "" : Msg.get(CPU_OLD_KERNEL)),
                    Msg.get(CPU_FIRMWARE_FIX, amdvHint()));
        }
        return Finding.of(Status.FAIL, "cpu.hw-virt", title, Msg.get(CPU_NO_HW_WHY), Msg.get(CPU_NO_HW_FIX, amdvHint()));
    }

    private static Finding subFeatures(Processor p0) {
        List<HwVirtFeature> catalogue = p0.hasVmx() ? HwVirtFeature.INTEL : HwVirtFeature.AMD;
        Set<String> have = p0.hasVmx() ? p0.vmxFlags() : p0.flags();
        if (p0.hasVmx() && have.isEmpty()) {
            return Finding.of(Status.NOTE, "cpu.virt-features", Msg.get(CPU_NO_VMX_FLAGS),
                    Msg.get(CPU_NO_VMX_FLAGS_WHY),
                    Msg.get(CPU_NO_VMX_FLAGS_FIX, "cat /sys/module/kvm_intel/parameters/{ept,vpid,unrestricted_guest}"));
        }
        List<String> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> essentialMissing = new ArrayList<>();
        for (HwVirtFeature f : catalogue) {
            if (have.contains(f.flag())) {
                present.add(f.flag());
            } else {
                missing.add(f.flag());
                if (f.essential()) {
                    essentialMissing.add(f.flag() + " (" + f.meaning() + ")");
                }
            }
        }
        String kind = p0.hasVmx() ? "VT-x" : "AMD-V";
        String title = missing.isEmpty() ? Msg.get(CPU_FEATURES, kind, String.join(" ", present))
                : Msg.get(CPU_FEATURES_ABSENT, kind, String.join(" ", present), String.join(" ", missing));
        if (!essentialMissing.isEmpty()) {
            return Finding.of(Status.WARN, "cpu.virt-features", title,
                    Msg.get(CPU_FEATURES_WHY, String.join(", ", essentialMissing)), Msg.get(CPU_FEATURES_FIX));
        }
        return Finding.pass("cpu.virt-features", title);
    }

    private static String describe(Processor p) {
        String fam = p.family() >= 0 ? Msg.get(CPU_FAMILY, p.family(), p.model(), Integer.toHexString(p.model())) : "";
        String vendor = p.vendorId().isEmpty() ? "" : p.vendorId() + " ";
        return vendor + (p.modelName().isEmpty() ? Msg.get(CPU_UNNAMED) : p.modelName()) + fam;
    }

    static boolean knownToHaveHwVirt(Processor p) {
        if (p.isAmd()) {
            return p.family() >= 0x10;
        }
        return p.isIntel() && INTEL_WITH_VTX.matcher(p.modelName()).find();
    }

    private static boolean kernelAtLeast56(Host host) {
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)").matcher(host.read("/proc/sys/kernel/osrelease"));
        return m.find() && (Integer.parseInt(m.group(1)) > 5
                || Integer.parseInt(m.group(1)) == 5 && Integer.parseInt(m.group(2)) >= 6);
    }

    /** CPUID through /dev/cpu/0/cpuid (root + the cpuid module): null when it cannot be read. */
    private static Boolean cpuidSaysHwVirt(Processor p0) {
        Path dev = Path.of("/dev/cpu/0/cpuid");
        try (FileChannel ch = FileChannel.open(dev, StandardOpenOption.READ)) {
            long leaf = p0.isAmd() ? 0x80000001L : 1L;
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, leaf);
            int ecx = b.getInt(8);
            return p0.isAmd() ? (ecx & (1 << 2)) != 0 : (ecx & (1 << 5)) != 0;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
