package labs.vmm.kvm;

import com.sun.jna.Native;

/**
 * An open /dev/kvm: the system-wide half of the KVM API (API version, capabilities, creating VMs).
 * Closing it does not end VMs created through it; each VM has its own file descriptor.
 */
public final class Kvm implements AutoCloseable {
    public static final String DEVICE = "/dev/kvm";
    /** The only API version Linux has shipped since 2.6.22; anything else means a broken or fake device. */
    public static final int EXPECTED_API_VERSION = 12;

    private final int fd;

    private Kvm(int fd) { this.fd = fd; }

    /** Opens /dev/kvm read-write, the way QEMU does. Throws KvmException with errno (ENOENT, EACCES ...). */
    public static Kvm open() {
        return open(DEVICE);
    }

    public static Kvm open(String path) {
        int fd = LibC.INSTANCE.open(path, LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw new KvmException("open(" + path + ")", Native.getLastError());
        }
        return new Kvm(fd);
    }

    public int fd() { return fd; }

    public int apiVersion() {
        return check("KVM_GET_API_VERSION", LibC.INSTANCE.ioctl(fd, KvmIoctl.GET_API_VERSION, 0L));
    }

    /** KVM_CHECK_EXTENSION: 0 when absent, otherwise 1 or a capability-specific number (e.g. max vCPUs). */
    public int checkExtension(int capability) {
        return check("KVM_CHECK_EXTENSION(" + capability + ")",
                LibC.INSTANCE.ioctl(fd, KvmIoctl.CHECK_EXTENSION, (long) capability));
    }

    /** Size of the kvm_run area each vCPU file maps (12288 here: kvm_run, then the PIO data page). */
    public int vcpuMmapSize() {
        return check("KVM_GET_VCPU_MMAP_SIZE", LibC.INSTANCE.ioctl(fd, KvmIoctl.GET_VCPU_MMAP_SIZE, 0L));
    }

    /** KVM_CREATE_VM with the default machine type; returns the VM's file descriptor. */
    public int createVmFd() {
        return check("KVM_CREATE_VM", LibC.INSTANCE.ioctl(fd, KvmIoctl.CREATE_VM, 0L));
    }

    /** KVM_CREATE_VCPU on a VM file descriptor; returns the vCPU's file descriptor (close it with closeFd). */
    public static int createVcpuFd(int vmFd, int vcpuId) {
        return check("KVM_CREATE_VCPU", LibC.INSTANCE.ioctl(vmFd, KvmIoctl.CREATE_VCPU, (long) vcpuId));
    }

    /** Closes a VM or vCPU file descriptor this class handed out. */
    public static void closeFd(int fd) {
        if (fd >= 0) {
            LibC.INSTANCE.close(fd);
        }
    }

    static int check(String call, int rc) {
        if (rc < 0) {
            throw new KvmException(call, Native.getLastError());
        }
        return rc;
    }

    @Override
    public void close() {
        LibC.INSTANCE.close(fd);
    }
}
