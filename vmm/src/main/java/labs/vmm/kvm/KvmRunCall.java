package labs.vmm.kvm;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * KVM_RUN, the one ioctl on the hot path, through JNA direct mapping: a JNI-style native method bound once, which
 * skips the interface proxy, reflection and argument boxing of {@link LibC} (a few hundred ns per call).
 */
public final class KvmRunCall {
    static {
        Native.register(KvmRunCall.class, NativeLibrary.getInstance("c"));
    }

    private KvmRunCall() {}

    /** ioctl(fd, request, arg); request is passed as a 64-bit long, so numbers above 0x7fffffff stay positive. */
    public static native int ioctl(int fd, long request, long arg);

    /** KVM_RUN on a vCPU fd: returns 0 after an exit to user space, -1 with errno (EINTR when kicked) otherwise. */
    public static int run(int vcpuFd) {
        return ioctl(vcpuFd, KvmIoctl.RUN.longValue(), 0L);
    }
}
