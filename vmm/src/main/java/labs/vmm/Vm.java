package labs.vmm;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.util.ArrayList;
import java.util.List;
import labs.vmm.kvm.Kvm;
import labs.vmm.kvm.KvmException;
import labs.vmm.kvm.KvmIoctl;
import labs.vmm.kvm.LibC;

/**
 * One virtual machine: KVM_CREATE_VM, one slot of guest RAM at guest-physical 0 with long-mode page tables, its
 * vCPUs and its in-kernel port handlers. Closing it frees all of them, in the reverse order of creation.
 */
public final class Vm implements AutoCloseable {
    private static final int KVM_IOEVENTFD_FLAG_PIO = 1 << 1;

    private final Kvm kvm;
    private final int fd;
    private final GuestMemory memory;
    private final List<Vcpu> vcpus = new ArrayList<>();
    private final List<IoEventFd> eventFds = new ArrayList<>();
    private boolean closed;

    private Vm(Kvm kvm, int fd, GuestMemory memory) {
        this.kvm = kvm;
        this.fd = fd;
        this.memory = memory;
    }

    /** Creates a VM with memoryBytes of RAM (rounded up to 2 MiB) and the page tables for long mode. */
    public static Vm create(Kvm kvm, long memoryBytes) {
        int vmFd = kvm.createVmFd();
        GuestMemory mem = null;
        try {
            mem = GuestMemory.allocate(Math.max(memoryBytes, LongModeSetup.FIRST_FREE));
            Vm vm = new Vm(kvm, vmFd, mem);
            vm.setMemoryRegion(0, 0, mem);
            LongModeSetup.writeTables(mem);
            return vm;
        } catch (RuntimeException e) {
            if (mem != null) {
                mem.close();
            }
            LibC.INSTANCE.close(vmFd);
            throw e;
        }
    }

    private void setMemoryRegion(int slot, long guestPhys, GuestMemory mem) {
        Memory region = new Memory(32);   // struct kvm_userspace_memory_region
        region.setInt(0, slot);
        region.setInt(4, 0);              // flags
        region.setLong(8, guestPhys);
        region.setLong(16, mem.size());
        region.setLong(24, mem.hostAddress());
        if (LibC.INSTANCE.ioctl(fd, KvmIoctl.SET_USER_MEMORY_REGION, region) < 0) {
            throw new KvmException("KVM_SET_USER_MEMORY_REGION", Native.getLastError());
        }
    }

    public int fd() { return fd; }
    public GuestMemory memory() { return memory; }

    public Vcpu createVcpu() {
        Vcpu v = Vcpu.create(fd, vcpus.size(), kvm.vcpuMmapSize());
        vcpus.add(v);
        return v;
    }

    /** Loads code at {@link LongModeSetup#CODE} and creates a vCPU about to run it in long mode at mode's CPL. */
    public Vcpu load(byte[] code, CpuMode mode) {
        memory.write(LongModeSetup.CODE, code);
        Vcpu v = createVcpu();
        v.enterLongMode(mode, LongModeSetup.CODE);
        return v;
    }

    /** Makes 4-byte writes to port handled in the kernel: each one increments an eventfd, with no exit to us. */
    public IoEventFd addIoEventFd(int port, int len) {
        int efd = IoEventFd.newEventFd();
        Memory arg = new Memory(64);      // struct kvm_ioeventfd
        arg.clear();
        arg.setLong(0, 0);                // datamatch (unused: any value triggers)
        arg.setLong(8, port);             // addr
        arg.setInt(16, len);
        arg.setInt(20, efd);
        arg.setInt(24, KVM_IOEVENTFD_FLAG_PIO);
        if (LibC.INSTANCE.ioctl(fd, KvmIoctl.IOEVENTFD, arg) < 0) {
            int errno = Native.getLastError();
            LibC.INSTANCE.close(efd);
            throw new KvmException("KVM_IOEVENTFD(port 0x" + Integer.toHexString(port) + ")", errno);
        }
        IoEventFd e = new IoEventFd(efd, port);
        eventFds.add(e);
        return e;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        vcpus.forEach(Vcpu::close);
        LibC.INSTANCE.close(fd);   // unregisters the ioeventfds and the memory slot with the VM
        eventFds.forEach(IoEventFd::close);
        memory.close();
    }
}
