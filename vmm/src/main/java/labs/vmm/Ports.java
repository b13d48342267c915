package labs.vmm;

/**
 * The I/O ports of this VMM's tiny "machine". Two belong to the VMM itself: a guest writes MARK when the part
 * worth timing starts and DONE (with its result in eax) when it has finished. The others are devices.
 */
public final class Ports {
    /** The guest has finished; the data written is its result. */
    public static final int DONE = 0xf0;
    /** The timed part starts now (the VMM notes the time of this exit). */
    public static final int MARK = 0xf1;
    /** A device handled by the VMM in user space: every write is an exit to Java. */
    public static final int DEVICE = 0x20;
    /** A device "doorbell" handled by KVM in the kernel (KVM_IOEVENTFD): writes do not reach Java. */
    public static final int DOORBELL = 0x30;

    private Ports() {}
}
