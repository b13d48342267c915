package labs.vmm;

import labs.vmm.kvm.KvmRegs;
import labs.vmm.kvm.KvmSregs;

/**
 * Puts a vCPU straight into 64-bit long mode, skipping the real-mode boot a PC firmware would do: identity page
 * tables (guest virtual = guest physical) with 2 MiB pages over the first 1 GiB, a GDT, and the control registers.
 *
 * <pre>
 *   0x1000  PML4         one entry -> PDPT
 *   0x2000  PDPT         one entry -> PD
 *   0x3000  PD           512 entries of 2 MiB: 0..1 GiB, present, writable, user (U/S=1 so ring 3 may use them)
 *   0x4000  GDT          null, -, kernel code/data (0x10/0x18), user code32/data/code64 (0x23/0x2b/0x33)
 *   0x10000 guest code   (GuestLayout.CODE)
 * </pre>
 * Addresses above RAM but below 1 GiB are mapped by the page tables and backed by no memory slot: touching one
 * is an MMIO exit.
 */
public final class LongModeSetup {
    public static final long PML4 = 0x1000;
    public static final long PDPT = 0x2000;
    public static final long PD = 0x3000;
    public static final long GDT = 0x4000;
    public static final long CODE = 0x10000;
    public static final long STACK_TOP = 0x80000;
    /** Everything below this is set up by the VMM; guest data areas start here. */
    public static final long FIRST_FREE = 0x200000;
    /** The identity map ends here (1 GiB). */
    public static final long MAPPED_LIMIT = 1L << 30;

    private static final long PRESENT = 1, WRITABLE = 2, USER = 4, PAGE_2M = 0x80;
    private static final long[] GDT_ENTRIES = {
        0,                      // 0x00 null
        0,                      // 0x08 unused
        0x00af9b000000ffffL,    // 0x10 kernel code, 64-bit, DPL 0
        0x00cf93000000ffffL,    // 0x18 kernel data, DPL 0
        0x00cffb000000ffffL,    // 0x20 user code, 32-bit, DPL 3
        0x00cff3000000ffffL,    // 0x28 user data, DPL 3
        0x00affb000000ffffL,    // 0x30 user code, 64-bit, DPL 3
    };

    // Control registers for long mode with paging.
    static final long CR0 = 0x80050033L; // PG | AM | WP | NE | ET | MP | PE
    static final long CR4 = 0x20;        // PAE
    static final long EFER = 0x500;      // LME | LMA
    /** IOPL=3 (bits 12-13) lets ring 3 use in/out; bit 1 is reserved and always 1. */
    static final long RFLAGS = 0x3002;

    private LongModeSetup() {}

    public static void writeTables(GuestMemory mem) {
        mem.writeLong(PML4, PDPT | PRESENT | WRITABLE | USER);
        mem.writeLong(PDPT, PD | PRESENT | WRITABLE | USER);
        for (long i = 0; i < 512; i++) {
            mem.writeLong(PD + i * 8, (i << 21) | PRESENT | WRITABLE | USER | PAGE_2M);
        }
        for (int i = 0; i < GDT_ENTRIES.length; i++) {
            mem.writeLong(GDT + i * 8L, GDT_ENTRIES[i]);
        }
    }

    /** Fills sregs (read from the vCPU first, so TR and LDT keep KVM's defaults) for long mode at mode's CPL. */
    public static void applySregs(KvmSregs s, CpuMode mode) {
        s.cr0 = CR0;
        s.cr3 = PML4;
        s.cr4 = CR4;
        s.efer = EFER;
        s.gdt.base = GDT;
        s.gdt.limit = (short) (GDT_ENTRIES.length * 8 - 1);
        // type 11 = code, execute/read, accessed; type 3 = data, read/write, accessed
        s.cs.flat(mode.codeSelector(), 11, mode.cpl(), true);
        for (KvmSregs.Segment d : new KvmSregs.Segment[] {s.ds, s.es, s.fs, s.gs, s.ss}) {
            d.flat(mode.dataSelector(), 3, mode.cpl(), false);
        }
    }

    public static void applyRegs(KvmRegs r, long entry) {
        r.rip = entry;
        r.rsp = STACK_TOP;
        r.rflags = RFLAGS;
    }
}
