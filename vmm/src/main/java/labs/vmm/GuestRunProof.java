package labs.vmm;

import labs.common.i18n.Msg;
import labs.common.i18n.SummaryText;

/**
 * Evidence that a guest really ran on this machine's KVM, for vt-check: the guest counted to {@code expected} in
 * a loop and reported {@code observed} through an I/O port.
 *
 * @param ran      true when the guest reached DONE with the expected value
 * @param mode     where it ran, e.g. "64-bit long mode, CPL3"
 * @param expected the loop count the guest was given
 * @param observed what the guest reported (rax at DONE), -1 when it did not get there
 * @param exits    the VMM's exit counts, as text
 * @param micros   wall time of the whole run, VM creation included
 * @param error    why it did not run (null when it ran)
 */
public record GuestRunProof(boolean ran, String mode, long expected, long observed, String exits, long micros,
                            String error) {
    public String summary() {
        return ran ? Msg.get(SummaryText.GUEST_RAN, mode, expected, observed, Integer.toHexString(Ports.DONE), exits,
                micros) : Msg.get(SummaryText.NO_GUEST_RAN, error);
    }
}
