package labs.launcher;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import labs.common.DaemonTask;
import labs.common.LabsException;
import labs.common.Progress;
import labs.launcher.agent.GuestAgent;
import labs.launcher.qmp.QmpClient;
import labs.launcher.vm.LaunchedVm;
import labs.launcher.vm.LiveState;
import labs.launcher.vm.VcpuPinner;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmLock;
import labs.launcher.vm.VmName;
import labs.launcher.vm.VmRuntime;
import labs.launcher.vm.VmState;
import labs.launcher.vm.VmStore;

/**
 * A handle on a VM another labs process started (`labs vm exec`): closing it only disconnects. A VM whose starter
 * was killed before its agent answered is adopted: what start would have done is finished here.
 *
 * <p>A record only to be short: its components are the collaborators the {@link Launcher} gives it.
 */
record VmAttacher(VmStore store, BootPolicy policy, LabSession session, Progress out) {
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(15);

    /** Attaches to a VM another labs process started; closing the handle only disconnects. */
    RunningVm attach(String name) {
        VmName.check(name);
        Optional<LaunchedVm> mine = session.owned(name);
        if (mine.isPresent()) {
            return mine.get();
        }
        VmDefinition def = store.load(name);
        VmRuntime rt = store.liveRuntime(name).orElseThrow(() -> notRunning(name));
        refuseUnlessRunning(name, rt);
        if (!rt.ready()) {
            rt = adopt(name, def);
        }
        GuestAgent agent = connectSayingWhy(name, rt.agentSocket());
        return new LaunchedVm(name, rt, def.disk().path(), agent, store, false, vm -> { }, out);
    }

    /** A paused (or crashed) guest cannot answer: say so, rather than wait for the agent and blame the boot. */
    private void refuseUnlessRunning(String name, VmRuntime rt) {
        LiveState.Reading live = LiveState.read(name, rt, policy.timeout(rt.accelerator()));
        if (live.state() != VmState.RUNNING && live.state() != VmState.BOOTING) {
            throw new LabsException(Msg.get(VmText.CANNOT_RUN_COMMANDS, name, live.state().shown(), rt.pid()), null,
                    live.note(), LabsException.EXIT_FAILED, null);
        }
    }

    private static LabsException notRunning(String name) {
        return LabsException.usage(Msg.get(VmText.NOT_RUNNING, name), Msg.get(VmText.START_IT_FIRST, name));
    }

    /**
     * The agent of a running VM answers at once unless another labs process holds its connection (a lab, another
     * `vm exec`): QEMU serves one at a time and the next waits in line. After 2 s of silence the user hears why.
     */
    private GuestAgent connectSayingWhy(String name, Path socket) {
        CompletableFuture<GuestAgent> f = DaemonTask.start("agent-" + name,
                () -> GuestAgent.connect(socket, ATTACH_WAIT));
        try {
            try {
                return f.get(2, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                out.progress("%s", Msg.get(VmText.AGENT_WAIT, name, ATTACH_WAIT.toSeconds()));
                return f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : LabsException.failed(Msg.get(VmText.CANNOT_REACH_AGENT, name), e.getCause().toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed(Msg.get(VmText.AGENT_INTERRUPTED, name), null, e);
        }
    }

    /**
     * A VM whose starter died (kill -9) before the agent answered: if it booted after all, finish what start would
     * have done (record and pin the vCPU threads, mark it ready); else say how to clean up.
     */
    private VmRuntime adopt(String name, VmDefinition def) {
        try (VmLock lock = VmLock.acquire(store.dir(name), name, "take over its start", Duration.ofSeconds(2))) {
            VmRuntime rt = store.liveRuntime(name).orElseThrow(() -> notRunning(name));
            if (rt.ready()) {
                return rt;
            }
            GuestAgent agent = GuestAgent.connect(rt.agentSocket(), Duration.ofSeconds(15));
            try (QmpClient qmp = QmpClient.connect(rt.qmpSocket(), Duration.ofSeconds(10))) {
                List<Long> tids = qmp.queryCpusFast().stream().map(QmpClient.VcpuThread::threadId).toList();
                VcpuPinner.pin(tids, def.cpuset());
                rt = rt.readyWith(tids, agent.kernelRelease());
                store.saveRuntime(name, rt);
                return rt;
            } finally {
                agent.close();
            }
        } catch (IOException | LabsException e) {
            throw new LabsException(Msg.get(VmText.AGENT_NEVER_READY, name),
                    Msg.get(VmText.AGENT_NEVER_READY_WHY, e.getMessage()), Msg.get(VmText.AGENT_NEVER_READY_FIX, name));
        }
    }
}
