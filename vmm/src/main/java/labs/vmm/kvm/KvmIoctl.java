package labs.vmm.kvm;

import com.sun.jna.NativeLong;

/**
 * ioctl request numbers from linux/kvm.h. _IO(type,nr) = type<<8|nr; _IOW/_IOR add direction<<30 | size<<16.
 */
public final class KvmIoctl {
    private static final int KVMIO = 0xAE;

    public static final NativeLong GET_API_VERSION = io(0x00);
    public static final NativeLong CREATE_VM = io(0x01);
    public static final NativeLong CHECK_EXTENSION = io(0x03);
    public static final NativeLong GET_VCPU_MMAP_SIZE = io(0x04);
    public static final NativeLong CREATE_VCPU = io(0x41);
    public static final NativeLong RUN = io(0x80);

    private KvmIoctl() {}

    static NativeLong io(int nr) {
        return new NativeLong((KVMIO << 8) | nr);
    }

    /** _IOW(KVMIO, nr, size): the kernel reads size bytes from the argument. */
    static NativeLong iow(int nr, int size) {
        return new NativeLong((1L << 30) | ((long) size << 16) | (KVMIO << 8) | nr);
    }

    /** _IOR(KVMIO, nr, size): the kernel writes size bytes to the argument. */
    static NativeLong ior(int nr, int size) {
        return new NativeLong((2L << 30) | ((long) size << 16) | (KVMIO << 8) | nr);
    }

    /** _IOWR(KVMIO, nr, size). */
    static NativeLong iowr(int nr, int size) {
        return new NativeLong((3L << 30) | ((long) size << 16) | (KVMIO << 8) | nr);
    }
}
