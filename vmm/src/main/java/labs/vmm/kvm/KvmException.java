package labs.vmm.kvm;

import labs.common.LabsException;

/**
 * A KVM API call that failed, with the call's name and errno so a student sees exactly which step refused. A
 * LabsException (exit 1), so the CLI prints it as a message rather than as an internal error.
 */
public class KvmException extends LabsException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public KvmException(String call, int errno) {
        super(call + " failed: " + describe(errno) + " (errno " + errno + ")", null, null, EXIT_FAILED, null);
        this.errno = errno;
    }

    public int errno() { return errno; }

    static String describe(int errno) {
        try {
            return LibC.INSTANCE.strerror(errno);
        } catch (RuntimeException | LinkageError e) {
            return "error";
        }
    }
}
