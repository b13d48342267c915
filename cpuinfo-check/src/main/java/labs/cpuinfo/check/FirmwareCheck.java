package labs.cpuinfo.check;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import labs.common.HostRunner;
import labs.cpuinfo.Arch;
import labs.cpuinfo.Processor;

/**
 * Did the firmware switch VT-x/AMD-V off? The lock MSRs kvm-ok reads (root only: Intel IA32_FEATURE_CONTROL 0x3a,
 * AMD VM_CR 0xc0010114 bit 4) and the kernel log lines KVM writes when it refuses to load.
 */
public final class FirmwareCheck implements Check {
    static final long IA32_FEATURE_CONTROL = 0x3a;
    static final long AMD_VM_CR = 0xc0010114L;
    private final KernelLog log;
    private final boolean root;

    public FirmwareCheck(KernelLog log, boolean root) {
        this.log = log;
        this.root = root;
    }

    public static FirmwareCheck live(KernelLog log) {
        return new FirmwareCheck(log, HostRunner.isRoot());
    }

    @Override
    public List<Finding> run(Host host, Facts.Builder facts) {
        List<Finding> out = new ArrayList<>();
        Processor p0 = host.cpuinfo().first();
        if (!host.live()) {
            out.add(Finding.of(Status.SKIP, "firmware", "firmware lock and kernel log not checked (dump)",
                    "MSRs and the kernel log can only be read on the machine itself",
                    "run sudo ./labs run vt-check on that machine"));
            return out;
        }
        if (host.cpuinfo().arch() == Arch.X86_64 && p0 != null) {
            out.add(msr(host, facts, p0));
        }
        out.add(kernelLog(facts));
        return out;
    }

    private Finding msr(Host host, Facts.Builder facts, Processor p0) {
        String which = p0.isAmd() ? "AMD VM_CR (MSR 0xc0010114) bit 4" : "IA32_FEATURE_CONTROL (MSR 0x3a)";
        if (!root) {
            return Finding.of(Status.SKIP, "firmware.msr", "BIOS lock not read: needs root",
                    "as root, vt-check reads " + which + ", which says whether the firmware locked "
                            + (p0.isAmd() ? "AMD-V" : "VT-x") + " off (as kvm-ok does)",
                    "sudo ./labs run vt-check");
        }
        Path dev = host.path("/dev/cpu/0/msr");
        Long value = readMsr(dev, p0.isAmd() ? AMD_VM_CR : IA32_FEATURE_CONTROL);
        if (value == null) {
            return Finding.of(Status.SKIP, "firmware.msr", "BIOS lock not read: no readable /dev/cpu/0/msr",
                    "the msr driver is not loaded, or this kernel (or its hypervisor) offers none",
                    "sudo modprobe msr && sudo ./labs run vt-check");
        }
        if (p0.isAmd()) {
            boolean svmdis = (value & (1L << 4)) != 0;
            if (svmdis) {
                facts.firmwareDisabledEvidence = "VM_CR.SVMDIS is set";
                return Finding.of(Status.FAIL, "firmware.msr", "VM_CR = 0x" + Long.toHexString(value) + ": SVMDIS set",
                        "the firmware disabled AMD-V", "enable \"SVM Mode\" in the BIOS/UEFI setup, then power off "
                                + "and on");
            }
            return Finding.pass("firmware.msr", "VM_CR = 0x" + Long.toHexString(value) + ": SVM not disabled by firmware");
        }
        boolean locked = (value & 1) != 0;
        boolean vmxOutsideSmx = (value & 4) != 0;
        if (locked && !vmxOutsideSmx) {
            facts.firmwareDisabledEvidence = "IA32_FEATURE_CONTROL locked with VMX off";
            return Finding.of(Status.FAIL, "firmware.msr", "IA32_FEATURE_CONTROL = 0x" + Long.toHexString(value)
                    + ": locked, VMX outside SMX off", "the firmware disabled VT-x and locked it until reset",
                    "enable \"Intel Virtualization Technology\" in the BIOS/UEFI setup, then power off and on");
        }
        return Finding.pass("firmware.msr", "IA32_FEATURE_CONTROL = 0x"
                + Long.toHexString(value) + ": " + (locked ? "locked with VMX enabled" : "not locked (KVM enables VMX itself)"));
    }

    private Finding kernelLog(Facts.Builder facts) {
        List<String> lines = log.lines();
        if (lines == null) {
            return Finding.of(Status.SKIP, "firmware.kernel-log", "kernel log not read: " + log.unavailableReason(),
                    "kernel.dmesg_restrict=1 lets only root read it; as root vt-check looks for KVM's "
                            + "\"disabled by bios\" lines", "sudo dmesg | grep -i -e kvm -e 'disabled by bios'");
        }
        List<String> hits = new ArrayList<>();
        boolean disabled = false;
        for (String l : lines) {
            String s = l.toLowerCase(Locale.ROOT);
            if (s.contains("disabled by bios") || s.contains("svm disabled (by bios)")) {
                disabled = true;
                hits.add(l.strip());
            } else if (s.contains("kvm") && (s.contains("no hardware support") || s.contains("not supported")
                    || s.contains("vmx not enabled"))) {
                hits.add(l.strip());
            }
        }
        if (hits.isEmpty()) {
            return Finding.pass("firmware.kernel-log", "kernel log: no \"disabled by bios\" or \"no hardware "
                    + "support\" lines from KVM (" + lines.size() + " lines read)");
        }
        String shown = String.join(" | ", hits.subList(0, Math.min(3, hits.size())));
        if (disabled) {
            facts.firmwareDisabledEvidence = "kernel log: " + hits.get(0);
            return Finding.of(Status.FAIL, "firmware.kernel-log", "kernel log: " + shown,
                    "the firmware left VT-x/AMD-V disabled, so kvm_intel/kvm_amd refused to load",
                    "enable virtualization in the BIOS/UEFI setup (Intel Virtualization Technology / SVM Mode), "
                            + "power off and on");
        }
        return Finding.of(Status.WARN, "firmware.kernel-log", "kernel log: " + shown,
                "KVM found no usable hardware virtualization when it loaded",
                "see the cpu.hw-virt line; on a VM enable nested virtualization on the outer host");
    }

    private static Long readMsr(Path dev, long msr) {
        try (FileChannel ch = FileChannel.open(dev, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (ch.read(b, msr) != 8) {
                return null;
            }
            return b.getLong(0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
