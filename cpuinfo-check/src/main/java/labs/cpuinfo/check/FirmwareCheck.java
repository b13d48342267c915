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
import labs.common.i18n.Msg;
import labs.cpuinfo.Arch;
import labs.cpuinfo.Processor;

import static labs.common.i18n.CheckText.*;

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
            out.add(Finding.of(Status.SKIP, "firmware", Msg.get(FW_DUMP), Msg.get(FW_DUMP_WHY),
                    Msg.get(RUN_THERE, "sudo ./labs run vt-check")));
            return out;
        }
        if (host.cpuinfo().arch() == Arch.X86_64 && p0 != null) {
            out.add(msr(host, facts, p0));
        }
        out.add(kernelLog(facts));
        return out;
    }

    private Finding msr(Host host, Facts.Builder facts, Processor p0) {
        if (!root) {
            String which = p0.isAmd() ? Msg.get(FW_AMD_VM_CR) : "IA32_FEATURE_CONTROL (MSR 0x3a)";
            return Finding.of(Status.SKIP, "firmware.msr", Msg.get(FW_MSR_ROOT),
                    Msg.get(FW_MSR_ROOT_WHY, which, p0.isAmd() ? "AMD-V" : "VT-x"), "sudo ./labs run vt-check");
        }
        Path dev = host.path("/dev/cpu/0/msr");
        Long value = readMsr(dev, p0.isAmd() ? AMD_VM_CR : IA32_FEATURE_CONTROL);
        if (value == null) {
            return Finding.of(Status.SKIP, "firmware.msr", Msg.get(FW_MSR_NONE), Msg.get(FW_MSR_NONE_WHY),
                    "sudo modprobe msr && sudo ./labs run vt-check");
        }
        if (p0.isAmd()) {
            boolean svmdis = (value & (1L << 4)) != 0;
            if (svmdis) {
                facts.firmwareDisabledEvidence = Msg.get(FW_SVMDIS_FACT);
                return Finding.of(Status.FAIL, "firmware.msr", Msg.get(FW_SVMDIS, Long.toHexString(value)),
                        Msg.get(FW_SVMDIS_WHY), Msg.get(FW_SVMDIS_FIX));
            }
            return Finding.pass("firmware.msr", Msg.get(FW_SVM_OK, Long.toHexString(value)));
        }
        boolean locked = (value & 1) != 0;
        boolean vmxOutsideSmx = (value & 4) != 0;
        if (locked && !vmxOutsideSmx) {
            facts.firmwareDisabledEvidence = Msg.get(FW_VMX_LOCKED_FACT);
            return Finding.of(Status.FAIL, "firmware.msr", Msg.get(FW_VMX_LOCKED, Long.toHexString(value)),
                    Msg.get(FW_VMX_LOCKED_WHY), Msg.get(FW_VMX_LOCKED_FIX));
        }
        return Finding.pass("firmware.msr", Msg.get(locked ? FW_VMX_OK : FW_VMX_UNLOCKED, Long.toHexString(value)));
    }

    private Finding kernelLog(Facts.Builder facts) {
        List<String> lines = log.lines();
        if (lines == null) {
            return Finding.of(Status.SKIP, "firmware.kernel-log", Msg.get(FW_LOG_UNREAD, log.unavailableReason()),
                    Msg.get(FW_LOG_UNREAD_WHY), "sudo dmesg | grep -i -e kvm -e 'disabled by bios'");
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
            return Finding.pass("firmware.kernel-log", Msg.get(FW_LOG_CLEAN, lines.size()));
        }
        String shown = String.join(" | ", hits.subList(0, Math.min(3, hits.size())));
        if (disabled) {
            facts.firmwareDisabledEvidence = Msg.get(FW_LOG, hits.get(0));
            return Finding.of(Status.FAIL, "firmware.kernel-log", Msg.get(FW_LOG, shown),
                    Msg.get(FW_LOG_DISABLED_WHY), Msg.get(FW_LOG_DISABLED_FIX));
        }
        return Finding.of(Status.WARN, "firmware.kernel-log", Msg.get(FW_LOG, shown), Msg.get(FW_LOG_WARN_WHY),
                Msg.get(FW_LOG_WARN_FIX));
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
