package labs.vmm.kvm;

import com.sun.jna.Pointer;

/**
 * struct kvm_run, the page a vCPU shares with its VMM (mmap of the vCPU fd). KVM writes why the guest stopped here;
 * the VMM writes its answers (data for an {@code in} or an MMIO read) back before the next KVM_RUN. Read at fixed
 * offsets from linux/kvm.h (x86-64): no structure copy, no allocation per exit.
 */
public final class KvmRun {
    // header
    public static final int IMMEDIATE_EXIT = 1;   // u8: KVM_RUN returns -EINTR at once when set
    public static final int EXIT_REASON = 8;      // u32
    // the exit union starts at 32
    public static final int IO_DIRECTION = 32;    // u8: 0 in, 1 out
    public static final int IO_SIZE = 33;         // u8: 1, 2 or 4 bytes
    public static final int IO_PORT = 34;         // u16
    public static final int IO_COUNT = 36;        // u32: >1 for rep ins/outs
    public static final int IO_DATA_OFFSET = 40;  // u64: from the start of kvm_run (the PIO page at +4096)
    public static final int MMIO_PHYS_ADDR = 32;  // u64
    public static final int MMIO_DATA = 40;       // u8[8]
    public static final int MMIO_LEN = 48;        // u32
    public static final int MMIO_IS_WRITE = 52;   // u8
    public static final int FAIL_ENTRY_REASON = 32; // u64 hardware_entry_failure_reason
    public static final int INTERNAL_SUBERROR = 32; // u32
    public static final int INTERNAL_NDATA = 36;  // u32
    public static final int INTERNAL_DATA = 40;   // u64[16]

    // exit reasons (KVM_EXIT_*)
    public static final int EXIT_UNKNOWN = 0;
    public static final int EXIT_EXCEPTION = 1;
    public static final int EXIT_IO = 2;
    public static final int EXIT_HYPERCALL = 3;
    public static final int EXIT_DEBUG = 4;
    public static final int EXIT_HLT = 5;
    public static final int EXIT_MMIO = 6;
    public static final int EXIT_SHUTDOWN = 8;
    public static final int EXIT_FAIL_ENTRY = 9;
    public static final int EXIT_INTR = 10;
    public static final int EXIT_INTERNAL_ERROR = 17;
    public static final int EXIT_SYSTEM_EVENT = 24;

    private final Pointer p;

    public KvmRun(Pointer p) { this.p = p; }

    public Pointer pointer() { return p; }

    public int exitReason() { return p.getInt(EXIT_REASON); }

    public void setImmediateExit(boolean on) { p.setByte(IMMEDIATE_EXIT, (byte) (on ? 1 : 0)); }

    public boolean ioOut() { return p.getByte(IO_DIRECTION) == 1; }
    public int ioSize() { return p.getByte(IO_SIZE) & 0xff; }
    public int ioPort() { return p.getShort(IO_PORT) & 0xffff; }
    public int ioCount() { return p.getInt(IO_COUNT); }

    /** The first element an {@code out} wrote (size 1, 2 or 4 bytes, zero-extended). */
    public long ioData() {
        long off = p.getLong(IO_DATA_OFFSET);
        return switch (ioSize()) {
            case 1 -> p.getByte(off) & 0xffL;
            case 2 -> p.getShort(off) & 0xffffL;
            default -> p.getInt(off) & 0xffffffffL;
        };
    }

    /** The value an {@code in} will read when the guest resumes. */
    public void setIoData(long value) {
        long off = p.getLong(IO_DATA_OFFSET);
        switch (ioSize()) {
            case 1 -> p.setByte(off, (byte) value);
            case 2 -> p.setShort(off, (short) value);
            default -> p.setInt(off, (int) value);
        }
    }

    public long mmioAddress() { return p.getLong(MMIO_PHYS_ADDR); }
    public int mmioLen() { return p.getInt(MMIO_LEN); }
    public boolean mmioWrite() { return p.getByte(MMIO_IS_WRITE) != 0; }

    /** The bytes an MMIO write carried, little-endian, zero-extended to a long. */
    public long mmioData() {
        int len = Math.min(8, mmioLen());
        long v = 0;
        for (int i = len - 1; i >= 0; i--) {
            v = (v << 8) | (p.getByte(MMIO_DATA + i) & 0xff);
        }
        return v;
    }

    /** The value an MMIO read returns to the guest when it resumes. */
    public void setMmioData(long value) {
        for (int i = 0; i < 8; i++) {
            p.setByte(MMIO_DATA + i, (byte) (value >>> (8 * i)));
        }
    }

    public long failEntryReason() { return p.getLong(FAIL_ENTRY_REASON); }
    public int internalSuberror() { return p.getInt(INTERNAL_SUBERROR); }
    public int internalNdata() { return p.getInt(INTERNAL_NDATA); }
    public long internalData(int i) { return p.getLong(INTERNAL_DATA + 8L * i); }
}
