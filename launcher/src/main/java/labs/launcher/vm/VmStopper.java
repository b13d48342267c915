package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import java.time.Duration;
import java.util.Optional;
import labs.common.LabsException;
import labs.launcher.qmp.QmpClient;

/**
 * Stops a qemu process found through runtime.json, from any labs process: `virsh shutdown` asks the guest
 * (ACPI power button over QMP) and waits; `virsh destroy` ends QEMU (QMP quit, then SIGKILL). The pid is only ever
 * signalled after its start time matched, so a reused pid is never killed.
 */
public final class VmStopper {
    public static final Duration GRACEFUL_WAIT = Duration.ofSeconds(30);
    /**
     * After the agent's poweroff (the first choice: it unmounts /data), the ACPI button, which the labs guest's
     * acpid answers in well under a second; the wait is short because the forced stop follows anyway.
     */
    public static final Duration POWER_BUTTON_WAIT = Duration.ofSeconds(5);

    private VmStopper() {}

    /** Waits until the recorded process is gone; true when it is. */
    public static boolean awaitExit(VmRuntime rt, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (rt.processAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !rt.processAlive();
            }
        }
        return true;
    }

    /** The ACPI power button; true when the guest powered off within the wait. */
    public static boolean powerButton(VmRuntime rt, Duration wait) {
        if (!rt.processAlive()) {
            return true;
        }
        try (QmpClient qmp = QmpClient.connect(rt.qmpSocket(), Duration.ofSeconds(5))) {
            qmp.systemPowerdown();
        } catch (RuntimeException | java.io.IOException e) {
            return !rt.processAlive();
        }
        return awaitExit(rt, wait);
    }

    /** Forced stop: QMP quit, then SIGKILL if QEMU does not answer. True when the process is gone. */
    public static boolean kill(VmRuntime rt) {
        if (!rt.processAlive()) {
            return true;
        }
        try (QmpClient qmp = QmpClient.connect(rt.qmpSocket(), Duration.ofSeconds(2))) {
            qmp.quit();
        } catch (RuntimeException e) {
            // QMP gone or hung: fall through to the signal
        }
        if (awaitExit(rt, Duration.ofSeconds(3))) {
            return true;
        }
        if (rt.processAlive()) {
            Optional<ProcessHandle> h = ProcessHandle.of(rt.pid());
            h.ifPresent(ProcessHandle::destroyForcibly);
        }
        return awaitExit(rt, Duration.ofSeconds(10));
    }

    /**
     * The VM's runtime when its process is this VM's qemu. Otherwise the runtime is stale and cleared; when it names
     * a live process that is not this VM's qemu (a forged or mixed-up runtime.json), nothing is signalled and the
     * command is refused, saying which process it was.
     */
    public static Optional<VmRuntime> runtimeToStop(VmStore store, String name, String action) {
        Optional<VmRuntime> rt = store.runtime(name);
        if (rt.isEmpty()) {
            store.clearRuntime(name);
            return rt;
        }
        String mismatch = QemuProcess.mismatch(rt.get(), store, name);
        if (mismatch.isEmpty()) {
            return rt;
        }
        store.clearRuntime(name);
        if (!rt.get().processAlive()) {
            return Optional.empty();
        }
        throw LabsException.usage(Msg.get(VmText.NOT_STOPPED, name, shown(action), rt.get().pid(), mismatch),
                Msg.get(VmText.NOT_STOPPED_FIX, store.root().resolve(name)));
    }

    /** "shut down" or "destroyed" (the caller's English word) in the user's language. */
    private static String shown(String action) {
        return switch (action) {
            case "shut down" -> Msg.get(VmText.STOPPED_SHUT_DOWN);
            case "destroyed" -> Msg.get(VmText.STOPPED_DESTROYED);
            default -> action;
        };
    }
}
