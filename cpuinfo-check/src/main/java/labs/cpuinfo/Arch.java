package labs.cpuinfo;

import labs.common.i18n.CheckText;
import labs.common.i18n.Msg;

/** The CPU architecture a /proc/cpuinfo describes; each has its own KVM, and the book's lab targets x86. */
public enum Arch {
    X86_64("amd64"),
    AARCH64("aarch64"),
    S390X("s390x"),
    PPC64("ppc64le"),
    UNKNOWN("unknown");

    private final String javaName;

    Arch(String javaName) {
        this.javaName = javaName;
    }

    /** The name Java's os.arch uses for it. */
    public String javaName() { return javaName; }

    /**
     * How KVM works on this architecture, in one line, in the run's language. The note's key is chosen here, when
     * asked, so that parsing a cpuinfo (every `labs vm start`) never loads the message catalog.
     */
    public String kvmNote() {
        return Msg.get(switch (this) {
            case X86_64 -> CheckText.ARCH_X86_64;
            case AARCH64 -> CheckText.ARCH_AARCH64;
            case S390X -> CheckText.ARCH_S390X;
            case PPC64 -> CheckText.ARCH_PPC64;
            case UNKNOWN -> CheckText.ARCH_UNKNOWN;
        });
    }
}
