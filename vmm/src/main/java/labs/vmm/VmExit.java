package labs.vmm;

import java.util.List;
import labs.vmm.kvm.KvmRun;

/** One VM exit, decoded from kvm_run into a type a student can read. */
public sealed interface VmExit {
    ExitKind kind();

    /** {@code out}/{@code in} on an I/O port: the CPU left the guest because the VMM owns that port. */
    record PortIo(boolean out, int port, int size, int count, long data) implements VmExit {
        public ExitKind kind() { return out ? ExitKind.PORT_OUT : ExitKind.PORT_IN; }
        @Override public String toString() {
            return String.format("%s port 0x%x size %d%s", out ? "out" : "in", port, size,
                    out ? String.format(" data 0x%x", data) : "");
        }
    }

    /** A load or store to a guest-physical address no memory slot covers: the VMM emulates the device. */
    record Mmio(boolean write, long address, int len, long data) implements VmExit {
        public ExitKind kind() { return write ? ExitKind.MMIO_WRITE : ExitKind.MMIO_READ; }
        @Override public String toString() {
            return String.format("MMIO %s 0x%x len %d%s", write ? "write" : "read", address, len,
                    write ? String.format(" data 0x%x", data) : "");
        }
    }

    record Hlt() implements VmExit {
        public ExitKind kind() { return ExitKind.HLT; }
    }

    /** Triple fault: the guest took an exception it had no handler for (this VMM gives it no IDT). */
    record Shutdown() implements VmExit {
        public ExitKind kind() { return ExitKind.SHUTDOWN; }
    }

    record InternalError(int suberror, List<Long> data) implements VmExit {
        public ExitKind kind() { return ExitKind.INTERNAL_ERROR; }
    }

    /** VM entry failed; the reason is the hardware's (VMX exit qualification / SVM exit code). */
    record FailEntry(long hardwareReason) implements VmExit {
        public ExitKind kind() { return ExitKind.FAIL_ENTRY; }
    }

    /** KVM_RUN returned EINTR: a signal (the watchdog's) or immediate_exit stopped the vCPU. */
    record Interrupted() implements VmExit {
        public ExitKind kind() { return ExitKind.INTERRUPTED; }
    }

    record Unknown(int reason) implements VmExit {
        public ExitKind kind() { return ExitKind.UNKNOWN; }
        @Override public String toString() { return "exit reason " + reason + " (" + reasonName(reason) + ")"; }
    }

    /** Decodes the exit KVM left in kvm_run. */
    static VmExit decode(KvmRun run) {
        return switch (run.exitReason()) {
            case KvmRun.EXIT_IO -> new PortIo(run.ioOut(), run.ioPort(), run.ioSize(), run.ioCount(),
                    run.ioOut() ? run.ioData() : 0);
            case KvmRun.EXIT_MMIO -> new Mmio(run.mmioWrite(), run.mmioAddress(), run.mmioLen(),
                    run.mmioWrite() ? run.mmioData() : 0);
            case KvmRun.EXIT_HLT -> new Hlt();
            case KvmRun.EXIT_SHUTDOWN -> new Shutdown();
            case KvmRun.EXIT_INTERNAL_ERROR -> {
                int n = Math.min(16, run.internalNdata());
                Long[] d = new Long[n];
                for (int i = 0; i < n; i++) {
                    d[i] = run.internalData(i);
                }
                yield new InternalError(run.internalSuberror(), List.of(d));
            }
            case KvmRun.EXIT_FAIL_ENTRY -> new FailEntry(run.failEntryReason());
            case KvmRun.EXIT_INTR -> new Interrupted();
            default -> new Unknown(run.exitReason());
        };
    }

    /** The KVM_EXIT_* name of a reason number, for messages about exits this VMM does not handle. */
    static String reasonName(int reason) {
        String[] names = {"UNKNOWN", "EXCEPTION", "IO", "HYPERCALL", "DEBUG", "HLT", "MMIO", "IRQ_WINDOW_OPEN",
            "SHUTDOWN", "FAIL_ENTRY", "INTR", "SET_TPR", "TPR_ACCESS", "S390_SIEIC", "S390_RESET", "DCR", "NMI",
            "INTERNAL_ERROR", "OSI", "PAPR_HCALL", "S390_UCONTROL", "WATCHDOG", "S390_TSCH", "EPR", "SYSTEM_EVENT",
            "S390_STSI", "IOAPIC_EOI", "HYPERV", "ARM_NISV", "X86_RDMSR", "X86_WRMSR", "DIRTY_RING_FULL",
            "AP_RESET_HOLD", "X86_BUS_LOCK", "XEN", "RISCV_SBI", "RISCV_CSR", "NOTIFY", "LOONGARCH_IOCSR",
            "MEMORY_FAULT"};
        return reason >= 0 && reason < names.length ? "KVM_EXIT_" + names[reason] : "not in linux/kvm.h";
    }
}
