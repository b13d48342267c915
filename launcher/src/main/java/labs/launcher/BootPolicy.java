package labs.launcher;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How long a guest may take to become ready, per accelerator: the boot watchdog's limit, and the time within which
 * `vm list` still calls a starting VM "booting". Given to the launcher when it is made, so that a test can shorten
 * it without reaching into the launcher.
 */
public final class BootPolicy {
    private final Function<Accelerator, Duration> timeout;

    private BootPolicy(Function<Accelerator, Duration> timeout) {
        this.timeout = timeout;
    }

    /**
     * Inside labs' emulated AMD-V machine every instruction of the KVM that runs a guest is itself emulated by TCG:
     * the launcher's guest became ready in 18-56 s there under KVM (three TCG machines sharing 2 cores), where 20 s
     * suits a real VT-x/AMD-V host. A TCG guest inside it is emulated twice over.
     */
    static final Duration EMULATED_AMDV_KVM = Duration.ofMinutes(5);
    static final Duration EMULATED_AMDV_TCG = Duration.ofMinutes(15);

    /**
     * $LABS_BOOT_TIMEOUT when set (read at each boot), else 20 s under KVM and 60 s under TCG; inside the emulated
     * AMD-V machine 5 and 15 minutes.
     */
    public static BootPolicy standard() {
        return standard(labs.common.EmulatedAmdV.inside());
    }

    static BootPolicy standard(boolean emulatedAmdV) {
        Duration kvm = emulatedAmdV ? EMULATED_AMDV_KVM : Launcher.KVM_BOOT_TIMEOUT;
        Duration tcg = emulatedAmdV ? EMULATED_AMDV_TCG : Launcher.TCG_BOOT_TIMEOUT;
        return new BootPolicy(a -> BootTimeout.fromEnv().orElse(a == Accelerator.KVM ? kvm : tcg));
    }

    /** Fixed limits (a test that wants a KVM boot that hangs stopped quickly). */
    public static BootPolicy of(Duration kvm, Duration tcg) {
        Objects.requireNonNull(kvm, "kvm");
        Objects.requireNonNull(tcg, "tcg");
        return new BootPolicy(a -> a == Accelerator.KVM ? kvm : tcg);
    }

    public Duration timeout(Accelerator accelerator) {
        return timeout.apply(accelerator);
    }
}
