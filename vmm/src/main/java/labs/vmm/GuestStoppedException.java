package labs.vmm;

import labs.common.LabsException;

/**
 * A tiny guest that did not reach DONE: it faulted, made an exit no device handles, or never exited and was
 * stopped by the watchdog. The VMM has already stopped the vCPU thread when this is thrown.
 */
public final class GuestStoppedException extends LabsException {
    private static final long serialVersionUID = 1L;
    private final transient VmExit exit;
    private final transient ExitCounts counts;

    GuestStoppedException(String what, String why, String fix, VmExit exit, ExitCounts counts) {
        super(what, why, fix, EXIT_FAILED, null);
        this.exit = exit;
        this.counts = counts;
    }

    /** The exit that ended the run (Interrupted for the watchdog). */
    public VmExit exit() { return exit; }

    public ExitCounts counts() { return counts; }
}
