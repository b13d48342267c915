package labs.vmm;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import labs.vmm.kvm.KvmException;
import labs.vmm.kvm.KvmIoctl;
import labs.vmm.kvm.KvmRegs;
import labs.vmm.kvm.KvmRun;
import labs.vmm.kvm.KvmRunCall;
import labs.vmm.kvm.KvmSregs;
import labs.vmm.kvm.LibC;

/**
 * One virtual CPU: its file descriptor, its registers, and the kvm_run page it shares with KVM. {@link Vmm} runs
 * it on a platform thread of its own; everything else (registers before the run) happens before that thread starts.
 */
public final class Vcpu implements AutoCloseable {
    private final int id;
    private final int fd;
    private final Pointer runPage;
    private final long runSize;
    private final KvmRun run;
    private boolean closed;

    Vcpu(int id, int fd, Pointer runPage, long runSize) {
        this.id = id;
        this.fd = fd;
        this.runPage = runPage;
        this.runSize = runSize;
        this.run = new KvmRun(runPage, (int) runSize);
    }

    static Vcpu create(int vmFd, int id, int mmapSize) {
        int fd = LibC.INSTANCE.ioctl(vmFd, KvmIoctl.CREATE_VCPU, (long) id);
        if (fd < 0) {
            throw new KvmException("KVM_CREATE_VCPU", Native.getLastError());
        }
        Pointer p = LibC.INSTANCE.mmap(null, new NativeLong(mmapSize), LibC.PROT_READ | LibC.PROT_WRITE,
                LibC.MAP_SHARED, fd, new NativeLong(0));
        if (p == null || Pointer.nativeValue(p) == -1L) {
            int errno = Native.getLastError();
            LibC.INSTANCE.close(fd);
            throw new KvmException("mmap(vCPU kvm_run)", errno);
        }
        return new Vcpu(id, fd, p, mmapSize);
    }

    public int id() { return id; }
    public int fd() { return fd; }
    public KvmRun kvmRun() { return run; }

    /** Puts the vCPU in 64-bit long mode at mode's privilege level, about to execute the instruction at entry. */
    public void enterLongMode(CpuMode mode, long entry) {
        KvmSregs s = sregs();
        LongModeSetup.applySregs(s, mode);
        setSregs(s);
        KvmRegs r = new KvmRegs();
        LongModeSetup.applyRegs(r, entry);
        setRegs(r);
    }

    public KvmSregs sregs() {
        KvmSregs s = new KvmSregs();
        check("KVM_GET_SREGS", LibC.INSTANCE.ioctl(fd, KvmIoctl.GET_SREGS, s.getPointer()));
        s.read();
        return s;
    }

    public void setSregs(KvmSregs s) {
        s.write();
        check("KVM_SET_SREGS", LibC.INSTANCE.ioctl(fd, KvmIoctl.SET_SREGS, s.getPointer()));
    }

    public KvmRegs regs() {
        KvmRegs r = new KvmRegs();
        check("KVM_GET_REGS", LibC.INSTANCE.ioctl(fd, KvmIoctl.GET_REGS, r.getPointer()));
        r.read();
        return r;
    }

    public void setRegs(KvmRegs r) {
        r.write();
        check("KVM_SET_REGS", LibC.INSTANCE.ioctl(fd, KvmIoctl.SET_REGS, r.getPointer()));
    }

    /** One KVM_RUN: the guest runs until the next exit to user space. Returns 0, or -1 with errno set. */
    int runOnce() {
        return KvmRunCall.run(fd);
    }

    /** The value the guest's pending {@code in} instruction receives. */
    public void answerIn(long value) { run.setIoData(value); }

    /** The value the guest's pending MMIO read receives. */
    public void answerMmioRead(long value) { run.setMmioData(value); }

    private static void check(String call, int rc) {
        if (rc < 0) {
            throw new KvmException(call, Native.getLastError());
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.munmap(runPage, new NativeLong(runSize));
            LibC.INSTANCE.close(fd);
        }
    }
}
