package labs.vmm;

/**
 * What one run of a tiny guest did, from the VMM's side.
 *
 * @param exits      every exit, counted by kind (including the MARK and DONE port writes)
 * @param markNanos  System.nanoTime() at the MARK exit, or -1 when the guest wrote none
 * @param doneNanos  System.nanoTime() at the DONE exit
 * @param startNanos System.nanoTime() just before the first KVM_RUN
 * @param result     the value the guest wrote to DONE (eax)
 * @param rax        the guest's full rax after DONE
 */
public record GuestRun(ExitCounts exits, long startNanos, long markNanos, long doneNanos, long result, long rax) {
    /** Time from MARK (else from the first KVM_RUN) to DONE. */
    public long timedNanos() {
        return doneNanos - (markNanos >= 0 ? markNanos : startNanos);
    }
}
