package labs.lab;

import labs.common.Ui;
import picocli.CommandLine.Option;

/** --no-wait of the measuring labs (a picocli mixin): refuse instead of waiting for another measuring lab. */
public final class MeasureLockOption {
    @Option(names = "--no-wait", description = "If another measuring lab runs on this host (any user), refuse "
            + "(exit 2) instead of waiting for it.")
    boolean noWait;

    /** The host-wide measuring lock for lab (see {@link MeasureLock}). */
    MeasureLock acquire(String lab) throws InterruptedException {
        return MeasureLock.acquire(MeasureLock.defaultPath(), lab, !noWait, Ui.TERMINAL);
    }
}
