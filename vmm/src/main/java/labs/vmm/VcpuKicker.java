package labs.vmm;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import labs.common.Progress;
import labs.vmm.kvm.KvmException;
import labs.vmm.kvm.LibC;

/**
 * Gets a vCPU thread out of KVM_RUN from another thread, the way QEMU does: set kvm_run.immediate_exit, then send
 * the thread a signal. KVM_RUN returns EINTR when a signal is pending; immediate_exit covers the race where the
 * signal lands just before the next KVM_RUN.
 *
 * <p>The signal needs a handler (an ignored signal is discarded and would not interrupt KVM_RUN), and it must not
 * call into Java from signal context. So the handler is a single {@code ret} instruction in an executable page.
 */
final class VcpuKicker {
    static final int SIGNAL = LibC.SIGUSR1;
    private static boolean installed;

    private VcpuKicker() {}

    static synchronized void install(Progress out) {
        if (installed) {
            return;
        }
        Memory old = new Memory(152);   // glibc struct sigaction on x86-64
        old.clear();
        if (LibC.INSTANCE.sigaction(SIGNAL, null, old) == 0 && Pointer.nativeValue(old.getPointer(0)) > 1) {
            out.warn("SIGUSR1 already has a handler in this process; the vCPU watchdog replaces it");
        }
        long page = GuestMemory.PAGE;
        Pointer stub = LibC.INSTANCE.mmap(null, new NativeLong(page), LibC.PROT_READ | LibC.PROT_WRITE,
                LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, new NativeLong(0));
        if (stub == null || Pointer.nativeValue(stub) == -1L) {
            throw new KvmException("mmap(signal handler page)", Native.getLastError());
        }
        stub.setByte(0, (byte) 0xc3);   // ret
        LibC.INSTANCE.mprotect(stub, new NativeLong(page), LibC.PROT_READ | LibC.PROT_EXEC);
        Memory act = new Memory(152);
        act.clear();
        act.setPointer(0, stub);             // sa_handler
        act.setInt(136, LibC.SA_RESTART);    // sa_flags: other syscalls of that thread resume after the signal
        if (LibC.INSTANCE.sigaction(SIGNAL, act, null) != 0) {
            throw new KvmException("sigaction(SIGUSR1)", Native.getLastError());
        }
        installed = true;   // the page stays mapped for the life of the process: the handler lives there
    }

    /** The kernel thread id of the calling thread. */
    static int currentTid() {
        return (int) LibC.INSTANCE.syscall(LibC.SYS_GETTID);
    }

    static void kick(Vcpu vcpu, int tid) {
        vcpu.kvmRun().setImmediateExit(true);
        LibC.INSTANCE.syscall(LibC.SYS_TGKILL, LibC.INSTANCE.getpid(), tid, SIGNAL);
    }
}
