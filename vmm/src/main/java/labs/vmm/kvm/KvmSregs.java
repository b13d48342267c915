package labs.vmm.kvm;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * struct kvm_sregs: segment registers with their hidden parts, descriptor tables, control registers and EFER.
 * In long mode the CPU uses the hidden parts KVM loads from here; the GDT in guest memory is only read again
 * when a segment register is reloaded.
 */
@FieldOrder({"cs", "ds", "es", "fs", "gs", "ss", "tr", "ldt", "gdt", "idt",
    "cr0", "cr2", "cr3", "cr4", "cr8", "efer", "apic_base", "interrupt_bitmap"})
public final class KvmSregs extends Structure {
    public static final int SIZE = 312;

    /** struct kvm_segment (24 bytes): what a segment register holds, visible selector and hidden descriptor. */
    @FieldOrder({"base", "limit", "selector", "type", "present", "dpl", "db", "s", "l", "g", "avl", "unusable",
        "padding"})
    public static final class Segment extends Structure {
        public long base;
        public int limit;
        public short selector;
        public byte type, present, dpl, db, s, l, g, avl, unusable, padding;

        /** A flat segment (base 0, 4 GiB limit, page granular) with the given selector, type and privilege level. */
        public void flat(int selector, int type, int dpl, boolean code64) {
            this.base = 0;
            this.limit = 0xffffffff;
            this.selector = (short) selector;
            this.type = (byte) type;
            this.present = 1;
            this.dpl = (byte) dpl;
            this.db = (byte) (code64 ? 0 : 1); // a 64-bit code segment must have D=0 when L=1
            this.s = 1;
            this.l = (byte) (code64 ? 1 : 0);
            this.g = 1;
            this.avl = 0;
            this.unusable = 0;
        }
    }

    /** struct kvm_dtable (16 bytes): base and limit of the GDT or IDT. */
    @FieldOrder({"base", "limit", "padding"})
    public static final class Dtable extends Structure {
        public long base;
        public short limit;
        public short[] padding = new short[3];
    }

    public Segment cs = new Segment(), ds = new Segment(), es = new Segment(), fs = new Segment(),
            gs = new Segment(), ss = new Segment(), tr = new Segment(), ldt = new Segment();
    public Dtable gdt = new Dtable(), idt = new Dtable();
    public long cr0, cr2, cr3, cr4, cr8, efer, apic_base;
    public long[] interrupt_bitmap = new long[4];
}
