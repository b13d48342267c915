package labs.common;

/**
 * A failure the user can act on: what failed, why, and the exact fix. The CLI prints these as a few plain lines
 * (no stack trace unless --debug) and exits with {@link #exitCode()}.
 */
public class LabsException extends RuntimeException {
    /** Usage or environment error: bad option, missing package, no permission. */
    public static final int EXIT_USAGE = 2;
    /** The work ran but failed (a guest that did not boot, fio that failed). */
    public static final int EXIT_FAILED = 1;
    /**
     * The work failed because the lab's guest ended under it (its QEMU or its kernel stopped): a status of its own,
     * so that whoever runs labs can tell it from a lab that failed on its own (the emulated AMD-V machine runs such a
     * lab once more in a new machine).
     */
    public static final int EXIT_GUEST_LOST = 4;

    private static final long serialVersionUID = 1L;
    private final String why;
    private final String fix;
    private final int exitCode;

    public LabsException(String what, String why, String fix, int exitCode, Throwable cause) {
        super(what, cause);
        this.why = why;
        this.fix = fix;
        this.exitCode = exitCode;
    }

    public LabsException(String what, String why, String fix) {
        this(what, why, fix, EXIT_USAGE, null);
    }

    /** A bad option or argument: exit 2. */
    public static LabsException usage(String what, String fix) {
        return new LabsException(what, null, fix, EXIT_USAGE, null);
    }

    /** Work that ran and failed: exit 1. */
    public static LabsException failed(String what, String why, Throwable cause) {
        return new LabsException(what, why, null, EXIT_FAILED, cause);
    }

    /** The lab's guest ended under it: exit 4 ({@link #EXIT_GUEST_LOST}). */
    public static LabsException guestLost(String what, String why) {
        return new LabsException(what, why, null, EXIT_GUEST_LOST, null);
    }

    public String why() { return why; }
    public String fix() { return fix; }
    public int exitCode() { return exitCode; }
}
