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

    /** $LABS_BOOT_TIMEOUT when set (read at each boot), else 20 s under KVM and 60 s under TCG. */
    public static BootPolicy standard() {
        return new BootPolicy(a -> BootTimeout.fromEnv()
                .orElse(a == Accelerator.KVM ? Launcher.KVM_BOOT_TIMEOUT : Launcher.TCG_BOOT_TIMEOUT));
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
