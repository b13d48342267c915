package labs.vmm;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.util.LinkedHashMap;
import java.util.Map;
import labs.vmm.kvm.KvmException;
import labs.vmm.kvm.KvmIoctl;
import labs.vmm.kvm.LibC;

/**
 * KVM's own counters for one vCPU (KVM_GET_STATS_FD, Linux 5.14+): a file with a header, descriptors (name, size,
 * offset) and values. Cumulative counters such as exits, mmio_exits, pf_fixed and insn_emulation show what the
 * kernel did; they have no per-reason breakdown, which is why the VMM counts exits itself.
 */
public final class KvmStats implements AutoCloseable {
    private static final int HEADER = 24;   // struct kvm_stats_header: six u32
    private static final int DESC_FIXED = 16; // struct kvm_stats_desc before name[]
    private final int fd;
    private boolean closed;

    private KvmStats(int fd) { this.fd = fd; }

    /** Opens the statistics of a vCPU (or VM) fd; null when this kernel has no binary stats. */
    public static KvmStats open(int kvmObjectFd) {
        int fd = LibC.INSTANCE.ioctl(kvmObjectFd, KvmIoctl.GET_STATS_FD, 0L);
        return fd < 0 ? null : new KvmStats(fd);
    }

    public static KvmStats open(Vcpu vcpu) { return open(vcpu.fd()); }

    /** Every single-value statistic, by name, as now. */
    public Map<String, Long> read() {
        Memory h = pread(HEADER, 0);
        int nameSize = h.getInt(4);
        int numDesc = h.getInt(8);
        int descOffset = h.getInt(16);
        int dataOffset = h.getInt(20);
        int stride = DESC_FIXED + nameSize;
        Memory desc = pread((long) stride * numDesc, descOffset);
        long dataEnd = 0;
        for (int i = 0; i < numDesc; i++) {
            long end = (desc.getInt((long) i * stride + 8) & 0xffffffffL)
                    + 8L * (desc.getShort((long) i * stride + 6) & 0xffff);
            dataEnd = Math.max(dataEnd, end);
        }
        Memory data = pread(Math.max(8, dataEnd), dataOffset);
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < numDesc; i++) {
            long base = (long) i * stride;
            int size = desc.getShort(base + 6) & 0xffff;
            long offset = desc.getInt(base + 8) & 0xffffffffL;
            if (size == 1) {   // histograms have size > 1: left out
                out.put(desc.getString(base + DESC_FIXED), data.getLong(offset));
            }
        }
        return out;
    }

    /** after - before for every counter that changed. */
    public static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new LinkedHashMap<>();
        after.forEach((k, v) -> {
            long diff = v - before.getOrDefault(k, 0L);
            if (diff != 0) {
                d.put(k, diff);
            }
        });
        return d;
    }

    private Memory pread(long len, long offset) {
        Memory m = new Memory(Math.max(1, len));
        long n = LibC.INSTANCE.pread(fd, m, new NativeLong(len), new NativeLong(offset)).longValue();
        if (n < 0) {
            throw new KvmException("pread(KVM stats)", Native.getLastError());
        }
        return m;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.close(fd);
        }
    }
}
