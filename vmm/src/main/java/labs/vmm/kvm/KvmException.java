package labs.vmm.kvm;

/** A KVM API call that failed, with the call's name and errno so a student sees exactly which step refused. */
public class KvmException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public KvmException(String call, int errno) {
        super(call + " failed: " + describe(errno) + " (errno " + errno + ")");
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
