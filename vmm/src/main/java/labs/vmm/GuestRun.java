package labs.vmm;

/**
 * What one run of a tiny guest did, from the VMM's side.
 *
 * @param exits  every exit, counted by kind (including the MARK and DONE port writes)
 * @param timed  from the MARK exit (else from just before the first KVM_RUN) to the DONE exit, on the vCPU thread
 * @param result the value the guest wrote to DONE (eax)
 * @param rax    the guest's full rax after DONE
 */
public record GuestRun(ExitCounts exits, Timing timed, long result, long rax) {}
