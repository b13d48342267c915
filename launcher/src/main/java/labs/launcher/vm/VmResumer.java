package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.time.Duration;
import labs.common.LabsException;
import labs.launcher.qmp.QmpClient;

/**
 * virsh resume: QMP "cont" to a guest QEMU paused (on `stop`, or on a write that failed because the host
 * filesystem under its disk was full). `vm list` used to give a socat pipe as the fix, and socat is not
 * something labs installs; this is what that fix runs.
 */
public final class VmResumer {
    private static final Duration QMP_WAIT = Duration.ofSeconds(5);

    private VmResumer() {}

    /** Resumes the VM; returns QEMU's status before ("paused", "io-error", ...; "running": nothing to do). */
    public static String resume(VmStore store, String name) {
        VmName.check(name);
        if (!store.exists(name)) {
            throw store.noSuchVm(name);
        }
        try (VmLock lock = VmLock.acquire(store.dir(name), name, "resume it", VmStore.LOCK_WAIT)) {
            VmRuntime rt = store.liveRuntime(name).orElseThrow(() -> LabsException.usage(
                    Msg.get(VmText.NOT_RUNNING, name), Msg.get(VmText.START_IT_FIX, name)));
            try (QmpClient qmp = QmpClient.connect(rt.qmpSocket(), QMP_WAIT)) {
                String before = qmp.queryStatus();
                if (!before.equals("running")) {
                    qmp.cont();
                }
                return before;
            } catch (IOException | RuntimeException e) {
                throw new LabsException(Msg.get(VmText.CANNOT_RESUME, name, rt.pid(), rt.qmpSocket()),
                        String.valueOf(e.getMessage()), Msg.get(VmText.CANNOT_RESUME_FIX, name));
            }
        }
    }
}
