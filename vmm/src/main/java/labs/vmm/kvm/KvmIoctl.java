package labs.vmm.kvm;

import com.sun.jna.NativeLong;

/**
 * ioctl request numbers from linux/kvm.h. _IO(type,nr) = type<<8|nr; _IOW/_IOR add direction<<30 | size<<16.
 */
public final class KvmIoctl {
    private static final int KVMIO = 0xAE;

    // system ioctls (on /dev/kvm)
    public static final NativeLong GET_API_VERSION = io(0x00);
    public static final NativeLong CREATE_VM = io(0x01);
    public static final NativeLong CHECK_EXTENSION = io(0x03);
    public static final NativeLong GET_VCPU_MMAP_SIZE = io(0x04);

    // VM ioctls
    public static final NativeLong CREATE_VCPU = io(0x41);
    /** struct kvm_userspace_memory_region: slot, flags, guest_phys_addr, memory_size, userspace_addr (32 bytes). */
    public static final NativeLong SET_USER_MEMORY_REGION = iow(0x46, 32);
    /** struct kvm_ioeventfd (64 bytes). */
    public static final NativeLong IOEVENTFD = iow(0x79, 64);
    /** Valid on a VM or a vCPU fd: returns a file descriptor with KVM's binary statistics. */
    public static final NativeLong GET_STATS_FD = io(0xce);

    // vCPU ioctls
    public static final NativeLong RUN = io(0x80);
    public static final NativeLong GET_REGS = ior(0x81, KvmRegs.SIZE);
    public static final NativeLong SET_REGS = iow(0x82, KvmRegs.SIZE);
    public static final NativeLong GET_SREGS = ior(0x83, KvmSregs.SIZE);
    public static final NativeLong SET_SREGS = iow(0x84, KvmSregs.SIZE);

    // capabilities (KVM_CHECK_EXTENSION)
    public static final int CAP_USER_MEMORY = 3;
    public static final int CAP_IOEVENTFD = 36;
    public static final int CAP_IMMEDIATE_EXIT = 136;
    public static final int CAP_BINARY_STATS_FD = 203;

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
