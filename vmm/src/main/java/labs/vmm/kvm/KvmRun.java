package labs.vmm.kvm;

import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * struct kvm_run, the page a vCPU shares with its VMM (mmap of the vCPU fd). KVM writes why the guest stopped here;
 * the VMM writes its answers (data for an {@code in} or an MMIO read) back before the next KVM_RUN. Read at fixed
 * offsets from linux/kvm.h (x86-64) through a direct ByteBuffer over the shared page: each read is a plain memory
 * load the JIT inlines (Pointer.getInt would be a JNI call, tens of ns each), and nothing is allocated per exit.
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

    private final ByteBuffer b;

    /** @param size bytes mapped at p (the vCPU mmap size: kvm_run, then the PIO data page) */
    public KvmRun(Pointer p, int size) {
        this.b = p.getByteBuffer(0, size).order(ByteOrder.LITTLE_ENDIAN);
    }

    public int exitReason() { return b.getInt(EXIT_REASON); }

    public void setImmediateExit(boolean on) { b.put(IMMEDIATE_EXIT, (byte) (on ? 1 : 0)); }

    public boolean ioOut() { return b.get(IO_DIRECTION) == 1; }
    public int ioSize() { return b.get(IO_SIZE) & 0xff; }
    public int ioPort() { return b.getShort(IO_PORT) & 0xffff; }
    public int ioCount() { return b.getInt(IO_COUNT); }

    /** The first element an {@code out} wrote (size 1, 2 or 4 bytes, zero-extended). */
    public long ioData() {
        int off = (int) b.getLong(IO_DATA_OFFSET);
        return switch (ioSize()) {
            case 1 -> b.get(off) & 0xffL;
            case 2 -> b.getShort(off) & 0xffffL;
            default -> b.getInt(off) & 0xffffffffL;
        };
    }

    /** The value an {@code in} will read when the guest resumes. */
    public void setIoData(long value) {
        int off = (int) b.getLong(IO_DATA_OFFSET);
        switch (ioSize()) {
            case 1 -> b.put(off, (byte) value);
            case 2 -> b.putShort(off, (short) value);
            default -> b.putInt(off, (int) value);
        }
    }

    public long mmioAddress() { return b.getLong(MMIO_PHYS_ADDR); }
    public int mmioLen() { return b.getInt(MMIO_LEN); }
    public boolean mmioWrite() { return b.get(MMIO_IS_WRITE) != 0; }

    /** The bytes an MMIO write carried, little-endian, zero-extended to a long. */
    public long mmioData() {
        int len = Math.min(8, mmioLen());
        return len == 8 ? b.getLong(MMIO_DATA) : b.getLong(MMIO_DATA) & ((1L << (8 * len)) - 1);
    }

    /** The value an MMIO read returns to the guest when it resumes. */
    public void setMmioData(long value) { b.putLong(MMIO_DATA, value); }

    public long failEntryReason() { return b.getLong(FAIL_ENTRY_REASON); }
    public int internalSuberror() { return b.getInt(INTERNAL_SUBERROR); }
    public int internalNdata() { return b.getInt(INTERNAL_NDATA); }
    public long internalData(int i) { return b.getLong(INTERNAL_DATA + 8 * i); }
}
