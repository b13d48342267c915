package labs.vmm;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import labs.vmm.kvm.KvmException;
import labs.vmm.kvm.LibC;

/**
 * The guest's RAM: anonymous memory mapped in this process and handed to KVM as guest-physical address 0. The host
 * allocates a page only when someone first touches it (the guest or the VMM), which is what the first-touch
 * experiment measures.
 */
public final class GuestMemory implements AutoCloseable {
    public static final long PAGE = 4096;

    private final Pointer host;
    private final long size;
    private boolean closed;

    private GuestMemory(Pointer host, long size) {
        this.host = host;
        this.size = size;
    }

    /** Maps size bytes (rounded up to 2 MiB) of zeroed, lazily allocated memory. */
    public static GuestMemory allocate(long size) {
        long rounded = (size + (2L << 20) - 1) & ~((2L << 20) - 1);
        Pointer p = LibC.INSTANCE.mmap(null, new NativeLong(rounded), LibC.PROT_READ | LibC.PROT_WRITE,
                LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | LibC.MAP_NORESERVE, -1, new NativeLong(0));
        if (p == null || Pointer.nativeValue(p) == -1L) {
            throw new KvmException("mmap(" + rounded + " bytes of guest memory)", Native.getLastError());
        }
        // 4 KiB host pages, so that first touch costs what a student expects from the book's page size;
        // with transparent huge pages one fault would fill 512 guest pages at once.
        LibC.INSTANCE.madvise(p, new NativeLong(rounded), LibC.MADV_NOHUGEPAGE);
        return new GuestMemory(p, rounded);
    }

    public long size() { return size; }

    /** Host virtual address of guest-physical address 0 (for KVM_SET_USER_MEMORY_REGION). */
    public long hostAddress() { return Pointer.nativeValue(host); }

    public void write(long guestPhys, byte[] bytes) {
        check(guestPhys, bytes.length);
        host.write(guestPhys, bytes, 0, bytes.length);
    }

    public void writeLong(long guestPhys, long value) {
        check(guestPhys, 8);
        host.setLong(guestPhys, value);
    }

    public long readLong(long guestPhys) {
        check(guestPhys, 8);
        return host.getLong(guestPhys);
    }

    private void check(long at, long len) {
        if (closed || at < 0 || at + len > size) {
            throw new IllegalArgumentException("guest address 0x" + Long.toHexString(at) + " outside RAM of "
                    + size + " bytes" + (closed ? " (memory already freed)" : ""));
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.munmap(host, new NativeLong(size));
        }
    }
}
