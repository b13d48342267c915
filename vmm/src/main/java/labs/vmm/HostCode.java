package labs.vmm;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import labs.vmm.kvm.KvmException;
import labs.vmm.kvm.LibC;

/**
 * Machine code run on the host, in this process: the bytes are copied into a page that is then made executable
 * (never writable and executable at once) and called as a C function returning rax. This lets the lab run the
 * guest's loop bytes on the host, so "guest vs host" compares the same instructions, not Java vs assembly.
 */
public final class HostCode implements AutoCloseable {
    private final Pointer page;
    private final long size;
    private final Function function;
    private boolean closed;

    private HostCode(Pointer page, long size) {
        this.page = page;
        this.size = size;
        this.function = Function.getFunction(page);
    }

    public static HostCode load(byte[] code) {
        long size = (code.length + GuestMemory.PAGE - 1) / GuestMemory.PAGE * GuestMemory.PAGE;
        Pointer p = LibC.INSTANCE.mmap(null, new NativeLong(size), LibC.PROT_READ | LibC.PROT_WRITE,
                LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, new NativeLong(0));
        if (p == null || Pointer.nativeValue(p) == -1L) {
            throw new KvmException("mmap(host code)", Native.getLastError());
        }
        p.write(0, code, 0, code.length);
        if (LibC.INSTANCE.mprotect(p, new NativeLong(size), LibC.PROT_READ | LibC.PROT_EXEC) != 0) {
            int errno = Native.getLastError();
            LibC.INSTANCE.munmap(p, new NativeLong(size));
            throw new KvmException("mprotect(host code, PROT_EXEC)", errno);
        }
        return new HostCode(p, size);
    }

    /** Calls the code (it must end in ret) and returns its rax. */
    public long call() {
        if (closed) {
            throw new IllegalStateException("host code already unmapped");
        }
        return function.invokeLong(new Object[0]);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.munmap(page, new NativeLong(size));
        }
    }
}
