package labs.vmm;

/** Why the guest stopped running, in the words the lab prints; the VMM counts exits by these. */
public enum ExitKind {
    PORT_OUT("port I/O out (guest wrote an I/O port)"),
    PORT_IN("port I/O in (guest read an I/O port)"),
    MMIO_WRITE("MMIO write (guest wrote an address with no RAM)"),
    MMIO_READ("MMIO read (guest read an address with no RAM)"),
    HLT("hlt (guest halted the CPU)"),
    SHUTDOWN("shutdown (triple fault: an exception with no handler)"),
    INTERNAL_ERROR("internal error (KVM could not emulate an instruction)"),
    FAIL_ENTRY("fail entry (the CPU refused to enter the guest)"),
    INTERRUPTED("interrupted (a signal stopped KVM_RUN)"),
    UNKNOWN("other exit reason this VMM does not handle");

    private final String description;

    ExitKind(String description) { this.description = description; }

    public String description() { return description; }
}
