package labs.launcher;

import java.time.Duration;
import java.util.Optional;
import labs.common.Echo;
import labs.common.LabsException;
import labs.common.Progress;
import labs.common.i18n.Msg;
import labs.common.i18n.VmText;

/**
 * $LABS_BOOT_TIMEOUT: whole seconds a guest may take to reach its agent's ready line. Any other value ("abc",
 * "-1", "1.5", "", or a number of seconds no Duration holds) is refused with exit 2 before anything is created,
 * rather than ignored (the default then applied silently) or failing half way with an internal error.
 */
public final class BootTimeout {
    public static final String ENV = "LABS_BOOT_TIMEOUT";
    /** An hour: far beyond any boot (2-10 s here under load, TCG default 60 s), short of "for ever". */
    public static final long MAX_SECONDS = 3600;

    /** Set by commands that boot nothing (see {@link #warnOnlyInThisProcess}). */
    private static volatile boolean warnOnly;
    private static volatile Progress warnedTo = Progress.SILENT;
    private static final java.util.concurrent.atomic.AtomicBoolean WARNED = new java.util.concurrent.atomic
            .AtomicBoolean();

    private BootTimeout() {}

    /**
     * For a command that boots nothing (vm list): the limit only judges whether a guest that never got ready is
     * still "booting", so a bad value is warned about once (to {@code out}) and the default used, instead of
     * refusing every VM.
     */
    public static void warnOnlyInThisProcess(Progress out) {
        warnedTo = out;
        warnOnly = true;
    }

    /** The value of $LABS_BOOT_TIMEOUT, or empty when it is not set; refused when it is set to anything else. */
    public static Optional<Duration> fromEnv() {
        try {
            return parse(System.getenv(ENV));
        } catch (LabsException e) {
            if (!warnOnly) {
                throw e;
            }
            if (!WARNED.getAndSet(true)) {
                warnedTo.warn("%s", Msg.get(VmText.BOOT_TIMEOUT_DEFAULT_USED, e.getMessage(), e.fix()));
            }
            return Optional.empty();
        }
    }

    static Optional<Duration> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.matches("[0-9]{1,9}")) {
            long s = Long.parseLong(value);
            if (s >= 1 && s <= MAX_SECONDS) {
                return Optional.of(Duration.ofSeconds(s));
            }
        }
        throw LabsException.usage(Msg.get(VmText.BOOT_TIMEOUT_BAD, ENV, Echo.of(value), MAX_SECONDS),
                Msg.get(VmText.BOOT_TIMEOUT_FIX, ENV, Launcher.TCG_BOOT_TIMEOUT.toSeconds(),
                        Launcher.KVM_BOOT_TIMEOUT.toSeconds()));
    }
}
