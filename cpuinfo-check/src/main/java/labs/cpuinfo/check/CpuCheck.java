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
import labs.cpuinfo.Arch;
import labs.cpuinfo.CpuInfo;
import labs.cpuinfo.HwVirtFeature;
import labs.cpuinfo.Processor;

/**
 * The book's first step, `egrep -c '^flags.*(vmx|svm)' /proc/cpuinfo`, grown up: architecture, vendor and model,
 * vmx/svm counted over every processor block (with mismatches), and the sub-features KVM's speed depends on.
 */
public final class CpuCheck implements Check {
    private static final String BOOK = "the book's `egrep -c '^flags.*(vmx|svm)' /proc/cpuinfo`";
    /** Core i3/i5/i7/i9, Core Ultra, Xeon and AMD family 10h+ all have VT-x/AMD-V (a few low-end parts aside). */
    private static final Pattern INTEL_WITH_VTX = Pattern.compile("Core\\(TM\\) (i[3579]|Ultra)|Core\\(TM\\)2|Xeon");

    @Override
    public List<Finding> run(Host host, Facts.Builder facts) {
        List<Finding> out = new ArrayList<>();
        CpuInfo ci = host.cpuinfo();
        String src = host.cpuinfoOrigin();
        if (ci.processors().isEmpty() && ci.arch() != Arch.S390X) {
            facts.arch = null;
            out.add(Finding.of(Status.FAIL, "cpu.read", "no processor found in " + src,
                    String.join("; ", ci.problems()),
                    host.live() ? "check that /proc is mounted: mount -t proc proc /proc"
                            : "save the whole file on the machine to check: cat /proc/cpuinfo > cpuinfo.txt"));
            return out;
        }
        facts.arch = ci.arch();
        if (!ci.problems().isEmpty()) {
            out.add(Finding.of(Status.WARN, "cpu.read", src + " looks damaged: " + String.join("; ", ci.problems()),
                    "a truncated or edited copy: figures below count only what is there",
                    "save the whole file again: cat /proc/cpuinfo > cpuinfo.txt"));
        }
        Processor p0 = ci.first();
        if (ci.arch() != Arch.X86_64) {
            out.add(Finding.of(Status.FAIL, "cpu.arch", "not x86: " + ci.arch().javaName() + " ("
                    + (p0 == null ? ci.machine().getOrDefault("vendor_id", "?") : describe(p0)) + ")",
                    ci.arch().kvmNote() + "; the book's lab and labs' launcher target x86_64",
                    "run the labs on an x86_64 machine with Intel VT-x or AMD-V"));
            facts.hwVirt = false;
            return out;
        }
        out.add(Finding.pass("cpu.arch", "x86_64: " + describe(p0) + ", " + ci.processors().size()
                + " processor blocks"));

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
            which = "vmx and svm (both? an edited dump)";
        }
        out.add(Finding.pass("cpu.hw-virt", count + " of " + n + " processors have " + which + "; " + BOOK
                + " prints " + count));
        if (count < n) {
            List<Integer> lacking = ci.processors().stream().filter(p -> !p.hasHwVirt()).map(Processor::index)
                    .toList();
            String list = lacking.size() <= 16 ? lacking.toString()   // thousands of indices make no useful line
                    : lacking.subList(0, 16).toString().replace("]", ", … (" + lacking.size() + " in all)]");
            out.add(Finding.of(Status.WARN, "cpu.hw-virt-mismatch", "processors " + list + " lack vmx/svm while "
                    + count + " have it", "firmware enabled VT-x/AMD-V on some cores only (a BIOS bug), or the dump "
                    + "was edited; KVM refuses to load when cores differ",
                    "update the BIOS/UEFI, and in its setup disable, save, then re-enable virtualization"));
        }
        out.add(subFeatures(p0));
        return out;
    }

    /** Where VT-x/AMD-V is missing, the way to see the KVM side of the labs anyway (issue 12). */
    static final String AMDV_HINT = "; to see the KVM side here now: add --amd-v-machine to any lab (e.g. "
            + "labs run vt-check --amd-v-machine), which runs it inside an emulated AMD-V machine labs boots for "
            + "itself, where KVM runs for real: KVM's behaviour, not its speed";

    private Finding noHwVirt(Host host, Facts.Builder facts, Processor p0, int n, boolean hypervisorFlag) {
        String title = "0 of " + n + " processors have vmx or svm; " + BOOK + " prints 0";
        if (hypervisorFlag) {
            return Finding.of(Status.FAIL, "cpu.hw-virt", title, "this machine is itself a virtual machine "
                    + "(flag `hypervisor`) and its hypervisor does not pass VT-x/AMD-V through (nested virtualization"
                    + " off)", "on the outer host enable nested virtualization and give this VM the host CPU model "
                    + "(e.g. QEMU -cpu host with kvm_intel nested=1); until then labs runs guests under TCG" + AMDV_HINT);
        }
        Boolean cpuid = host.live() ? cpuidSaysHwVirt(p0) : null;
        boolean known = knownToHaveHwVirt(p0);
        if (Boolean.TRUE.equals(cpuid) || known) {
            String evidence = Boolean.TRUE.equals(cpuid) ? "CPUID reports VMX/SVM" : "this CPU model has "
                    + (p0.isAmd() ? "AMD-V" : "VT-x");
            facts.firmwareDisabledEvidence = evidence + " but Linux hides the flag";
            return Finding.of(Status.FAIL, "cpu.hw-virt", title + ": maybe disabled in firmware",
                    evidence + ", and Linux 5.6+ removes vmx/svm from cpuinfo when the BIOS leaves it disabled"
                            + (kernelAtLeast56(host) ? "" : " (kernel version unknown or older)"),
                    "enable \"Intel Virtualization Technology\" / \"SVM Mode\" in the BIOS/UEFI setup, save, "
                            + "power off completely, boot again" + AMDV_HINT);
        }
        return Finding.of(Status.FAIL, "cpu.hw-virt", title, "this CPU does not expose VT-x/AMD-V (an older or "
                + "low-end model, or firmware hides it)", "use a machine whose CPU has VT-x or AMD-V; if it should "
                + "have it, enable virtualization in the BIOS/UEFI setup; until then labs runs guests under TCG" + AMDV_HINT);
    }

    private static Finding subFeatures(Processor p0) {
        List<HwVirtFeature> catalogue = p0.hasVmx() ? HwVirtFeature.INTEL : HwVirtFeature.AMD;
        Set<String> have = p0.hasVmx() ? p0.vmxFlags() : p0.flags();
        if (p0.hasVmx() && have.isEmpty()) {
            return Finding.of(Status.NOTE, "cpu.virt-features", "no `vmx flags` line (Linux prints it since 5.8)",
                    "an older kernel, or a dump from one: the VT-x sub-features cannot be read from cpuinfo",
                    "read them from KVM itself: cat /sys/module/kvm_intel/parameters/{ept,vpid,unrestricted_guest}");
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
        String title = (p0.hasVmx() ? "VT-x" : "AMD-V") + " sub-features: " + String.join(" ", present)
                + (missing.isEmpty() ? "" : "; absent: " + String.join(" ", missing));
        if (!essentialMissing.isEmpty()) {
            return Finding.of(Status.WARN, "cpu.virt-features", title, "missing " + String.join(", ",
                    essentialMissing) + ": KVM works but guests are slower, so the lab's overhead figures are high",
                    "nothing to set: it is the CPU (or the outer hypervisor, which may expose more with -cpu host)");
        }
        return Finding.pass("cpu.virt-features", title);
    }

    private static String describe(Processor p) {
        String fam = p.family() >= 0 ? " (family " + p.family() + ", model " + p.model() + " / 0x"
                + Integer.toHexString(p.model()) + ")" : "";
        String vendor = p.vendorId().isEmpty() ? "" : p.vendorId() + " ";
        return vendor + (p.modelName().isEmpty() ? "unnamed CPU" : p.modelName()) + fam;
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
