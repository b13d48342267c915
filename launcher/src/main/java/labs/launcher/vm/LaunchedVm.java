package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import labs.common.ExecResult;
import labs.common.LabsException;
import labs.common.Progress;
import labs.launcher.Accelerator;
import labs.launcher.RunningVm;
import labs.launcher.agent.GuestAgent;
import labs.launcher.agent.GuestProcess;

/**
 * A guest whose agent answered, as this labs process sees it: commands go through the agent's connection, and
 * stopping uses the agent first (poweroff inside the guest), then the ACPI button, then QMP quit / SIGKILL.
 */
public final class LaunchedVm implements RunningVm {
    private final String name;
    private final VmRuntime runtime;
    private final Path disk;
    private final GuestAgent agent;
    private final VmStore store;
    private final Consumer<LaunchedVm> onStop;
    private final boolean started;
    private final Progress out;
    private volatile boolean stopped;

    /**
     * @param started true when this process booted it (closing shuts it down); false when it attached to a VM another
     *                process started (closing only disconnects, as virsh leaves a domain running when it exits)
     * @param out     where the forced power-off is reported
     */
    public LaunchedVm(String name, VmRuntime runtime, Path disk, GuestAgent agent, VmStore store, boolean started,
               Consumer<LaunchedVm> onStop, Progress out) {
        this.out = out;
        this.started = started;
        this.name = name;
        this.runtime = runtime;
        this.disk = disk;
        this.agent = agent;
        this.store = store;
        this.onStop = onStop;
    }

    @Override public String name() { return name; }
    @Override public String side() { return name; }
    @Override public long pid() { return runtime.pid(); }
    @Override public List<Long> vcpuThreadIds() { return runtime.vcpuThreadIds(); }
    @Override public Accelerator accelerator() { return runtime.accelerator(); }
    @Override public String acceleratorReason() { return runtime.acceleratorReason(); }
    @Override public Path diskPath() { return disk; }
    @Override public String guestKernel() { return runtime.guestKernel(); }

    public VmRuntime runtime() { return runtime; }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws IOException, InterruptedException {
        if (stopped) {
            throw LabsException.failed(Msg.get(LauncherText.STOPPED_CANNOT_RUN, name, String.join(" ", argv)), null, null);
        }
        return agent.exec(argv, timeout);
    }

    @Override
    public GuestProcess start(List<String> argv, boolean stdin, OutputStream out, OutputStream err) {
        if (stopped) {
            throw LabsException.failed(Msg.get(LauncherText.STOPPED_CANNOT_RUN, name, String.join(" ", argv)), null, null);
        }
        return agent.start(argv, stdin, out, err);
    }

    @Override
    public void shutdown() {
        if (stopped) {
            return;
        }
        try (VmLock lock = VmLock.acquire(store.dir(name), name, "shut it down", VmStore.LOCK_WAIT)) {
            stopGracefully();
        }
    }

    @Override
    public void destroy() {
        if (stopped) {
            return;
        }
        try (VmLock lock = VmLock.acquire(store.dir(name), name, "destroy it", VmStore.LOCK_WAIT)) {
            stopForcibly();
        }
    }

    @Override
    public void close() {
        if (started) {
            shutdown();
        } else {
            closeAgent();
        }
    }

    /** Graceful stop without taking the lock (the caller holds it, or the JVM is exiting). */
    void stopGracefully() {
        try {
            agent.poweroff();
        } catch (RuntimeException e) {
            // the agent is gone: the power button and then the kill below still stop it
        }
        boolean gone = VmStopper.awaitExit(runtime, VmStopper.GRACEFUL_WAIT)
                || VmStopper.powerButton(runtime, VmStopper.POWER_BUTTON_WAIT);
        if (!gone) {
            out.warn("%s", Msg.get(VmText.NOT_POWERED_OFF_WITHIN, name, VmStopper.GRACEFUL_WAIT.toSeconds()));
        }
        stopForcibly();
    }

    /** From the JVM's shutdown hook: no lock (the main thread may hold it), a short graceful wait, then kill. */
    public void stopOnExit() {
        if (stopped) {
            return;
        }
        try {
            agent.poweroff();
        } catch (RuntimeException e) {
            // gone already: the kill below makes sure
        }
        VmStopper.awaitExit(runtime, Duration.ofSeconds(5));
        stopForcibly();
    }

    void stopForcibly() {
        closeAgent();
        VmStopper.kill(runtime);
        if (store.runtime(name).map(r -> r.pid() == runtime.pid()).orElse(false)) {
            store.clearRuntime(name);
        }
        stopped = true;
        onStop.accept(this);
    }

    /** Drops this process's connection to the agent (another process may then attach). */
    void closeAgent() {
        try {
            agent.close();
        } catch (RuntimeException e) {
            // nothing more to release
        }
    }

    boolean stopped() { return stopped; }
}
