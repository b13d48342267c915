package labs.vmm.kvm;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** struct kvm_regs: the general-purpose registers, rip and rflags of one vCPU (KVM_GET_REGS / KVM_SET_REGS). */
@FieldOrder({"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rsp", "rbp",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip", "rflags"})
public final class KvmRegs extends Structure {
    public static final int SIZE = 18 * 8;

    public long rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp;
    public long r8, r9, r10, r11, r12, r13, r14, r15;
    public long rip, rflags;
}
