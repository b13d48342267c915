package labs.launcher;

/**
 * What this machine offers for acceleration, asked by the launcher when it plans a boot ({@link AccelPlan}). The
 * launcher does not look at the CPU or /dev/kvm itself: the command line gives it vt-check's implementation, so the
 * launcher needs neither cpuinfo-check nor its native libraries, and tests give it whatever machine they need.
 */
public interface AccelProbe {
    /** May Linux guests run under KVM here, and the sentence that says why (vt-check's verdict). */
    Verdict kvm();

    /** Does the CPU expose VT-x/AMD-V (vmx/svm)? QEMU's {@code -cpu host} under KVM needs it. */
    boolean cpuHasHwVirt();

    /** @param usable true when Linux guests may run under KVM; @param reason one sentence a student understands */
    record Verdict(boolean usable, String reason) {}

    /** For a launcher given no probe (benchmarks, tests): AUTO means TCG, and it says so. */
    AccelProbe TCG_ONLY = new AccelProbe() {
        @Override
        public Verdict kvm() { return new Verdict(false, "no acceleration probe was given, so TCG"); }

        @Override
        public boolean cpuHasHwVirt() { return false; }
    };
}
