package labs.launcher;

/** How QEMU runs guest code: on the CPU through KVM, or translated instruction by instruction (TCG). */
public enum Accelerator {
    KVM, TCG;

    /** The value of QEMU's {@code -accel}. */
    public String qemuName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
