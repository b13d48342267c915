package labs.vmm;

/**
 * The devices of a tiny machine: gets every exit that is not the VMM's own (MARK, DONE) or a fault. Runs on the
 * vCPU thread, between two KVM_RUN calls, so it must be quick: the guest waits.
 */
@FunctionalInterface
public interface ExitHandler {
    /** No devices: any device exit is unhandled. */
    ExitHandler NONE = (exit, vcpu) -> false;

    /**
     * @return true to resume the guest, false when no device here handles this exit (the run then stops with a
     *     message that names the exit)
     */
    boolean handle(VmExit exit, Vcpu vcpu);
}
