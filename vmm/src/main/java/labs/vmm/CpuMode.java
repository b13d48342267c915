package labs.vmm;

/**
 * The privilege level the guest code starts at, both in 64-bit long mode with paging.
 *
 * <p>USER_CPL3 is ring 3, where applications run. On VT-x/AMD-V both modes run natively; on a software nested
 * KVM (like kvm_pvm) only ring-3 code runs directly on the CPU, and ring-0 code goes through KVM's instruction
 * emulator, thousands of times slower. The selectors follow Linux's GDT layout (__USER_CS 0x33, __USER_DS 0x2b,
 * __KERNEL_CS 0x10, __KERNEL_DS 0x18).
 */
public enum CpuMode {
    USER_CPL3(3, 0x33, 0x2b),
    KERNEL_CPL0(0, 0x10, 0x18);

    private final int cpl;
    private final int codeSelector;
    private final int dataSelector;

    CpuMode(int cpl, int codeSelector, int dataSelector) {
        this.cpl = cpl;
        this.codeSelector = codeSelector;
        this.dataSelector = dataSelector;
    }

    public int cpl() { return cpl; }
    public int codeSelector() { return codeSelector; }
    public int dataSelector() { return dataSelector; }
}
