package labs.cpuinfo;

/** The CPU architecture a /proc/cpuinfo describes; each has its own KVM, and the book's lab targets x86. */
public enum Arch {
    X86_64("amd64", "x86 (Intel VT-x / AMD-V): the book's lab"),
    AARCH64("aarch64", "arm64: KVM there uses the CPU's EL2 (virtualization extensions), not vmx/svm"),
    S390X("s390x", "IBM Z: KVM there needs the SIE facility (flag `sie`), not vmx/svm"),
    PPC64("ppc64le", "POWER: KVM there is KVM-HV on bare-metal PowerNV or KVM-PR, not vmx/svm"),
    UNKNOWN("unknown", "not a /proc/cpuinfo format labs recognises");

    private final String javaName;
    private final String kvmNote;

    Arch(String javaName, String kvmNote) {
        this.javaName = javaName;
        this.kvmNote = kvmNote;
    }

    /** The name Java's os.arch uses for it. */
    public String javaName() { return javaName; }

    /** How KVM works on this architecture, in one line. */
    public String kvmNote() { return kvmNote; }
}
