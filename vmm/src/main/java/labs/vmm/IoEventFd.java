package labs.vmm;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import labs.vmm.kvm.KvmException;
import labs.vmm.kvm.LibC;

/**
 * A port write KVM handles inside the kernel (KVM_IOEVENTFD): instead of returning to the VMM, KVM adds 1 to an
 * eventfd counter and resumes the guest at once. This is how virtio devices are "kicked" cheaply; the device thread
 * reads the counter later, so many kicks cost one wake-up.
 */
public final class IoEventFd implements AutoCloseable {
    private final int eventFd;
    private final int port;
    private boolean closed;

    IoEventFd(int eventFd, int port) {
        this.eventFd = eventFd;
        this.port = port;
    }

    static int newEventFd() {
        int fd = LibC.INSTANCE.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (fd < 0) {
            throw new KvmException("eventfd", Native.getLastError());
        }
        return fd;
    }

    public int port() { return port; }
    int fd() { return eventFd; }

    /** Reads and resets the counter: how many guest writes KVM signalled since the last read. */
    public long drain() {
        Memory buf = new Memory(8);
        long n = LibC.INSTANCE.read(eventFd, buf, new NativeLong(8)).longValue();
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno == LibC.EAGAIN) {
                return 0;
            }
            throw new KvmException("read(eventfd)", errno);
        }
        return buf.getLong(0);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.close(eventFd);
        }
    }
}
