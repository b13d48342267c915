package labs.launcher;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.Progress;
import labs.launcher.agent.GuestAgent;
import labs.launcher.guest.GuestImage;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.vm.DomainXml;
import labs.launcher.vm.LaunchedVm;
import labs.launcher.vm.LiveState;
import labs.launcher.vm.NewVmFolder;
import labs.launcher.vm.QemuProcess;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmLock;
import labs.launcher.vm.VmName;
import labs.launcher.vm.VmRuntime;
import labs.launcher.vm.VmState;
import labs.launcher.vm.VmStatus;
import labs.launcher.vm.VmStopper;
import labs.launcher.vm.VmStore;

/**
 * virsh list, dumpxml, shutdown and destroy on VMs that exist: what they are (the truth from /proc and QMP, even
 * after a kill -9) and how they are stopped. A VM this process started is stopped through its own handle.
 *
 * <p>A record only to be short: its components are the collaborators the {@link Launcher} gives it.
 */
record VmControl(VmStore store, GuestImageBuilder images, AccelProbe probe, BootPolicy policy, LabSession session,
                 VmMachines machines, Progress out) {

    // ---- list (virsh list --all) -----------------------------------------------------------------------------

    List<VmStatus> list() {
        NewVmFolder.sweep(store, out);
        List<VmStatus> all = new ArrayList<>();
        for (String name : store.names()) {
            try {
                all.add(status(name));
            } catch (VmStore.Damaged e) {
                Optional<VmRuntime> rt = store.liveRuntime(name);
                all.add(new VmStatus(name, VmState.DAMAGED, rt.map(VmRuntime::pid).orElse(null),
                        rt.map(VmRuntime::accelerator).orElse(null), 0, "", 0, null, rt.orElse(null)));
            } catch (LabsException e) {
                out.warn("%s", Msg.get(VmText.SKIPPING, name, e.getMessage()));
            }
        }
        for (String name : store.keptNames()) {
            try {
                VmDefinition def = store.loadKept(name);
                all.add(new VmStatus(name, VmState.STORAGE_ONLY, null, null, def.vcpus(), def.cpusetText(),
                        def.memoryMiB(), def, null));
            } catch (LabsException e) {
                all.add(new VmStatus(name, VmState.STORAGE_ONLY, null, null, 0, "", 0, null, null));
            }
        }
        all.sort(java.util.Comparator.comparing(VmStatus::name));
        return all;
    }

    /** The truth from /proc: recorded pid alive with the same start time, else shut off (stale state cleaned). */
    VmStatus status(String name) {
        VmDefinition def = store.load(name);
        Optional<VmRuntime> rt = store.runtime(name);
        if (rt.isPresent() && QemuProcess.isQemuOf(rt.get(), store, name)) {
            VmRuntime r = rt.get();
            LiveState.Reading live = LiveState.read(name, r, policy.timeout(r.accelerator()));
            return new VmStatus(name, live.state(), r.pid(), r.accelerator(), def.vcpus(), def.cpusetText(),
                    def.memoryMiB(), def, r, live.note());
        }
        if (rt.isPresent() || Files.exists(store.qmpSocket(name)) || Files.exists(store.agentSocket(name))) {
            // qemu (or the labs that started it) died without cleaning up: clean now unless someone is busy with it
            if (!VmLock.held(store.dir(name))) {
                store.clearRuntime(name);
            }
        }
        return new VmStatus(name, VmState.SHUT_OFF, null, null, def.vcpus(), def.cpusetText(), def.memoryMiB(),
                def, null);
    }

    // ---- dumpxml ---------------------------------------------------------------------------------------------

    String dumpXml(String name) {
        VmDefinition def = store.load(name);
        Optional<VmRuntime> rt = store.liveRuntime(name);
        AccelPlan plan = rt.isPresent()
                ? AccelPlan.of(def.accel(), rt.get().accelerator(), probe, rt.get().acceleratorReason())
                : AccelPlan.decide(def.accel(), probe);
        GuestImage img = def.image() != null ? def.image().toGuestImage()
                : images.build(Optional.ofNullable(def.kernelOverride()));
        Path emulator = Optional.ofNullable(HostRunner.which("qemu-system-x86_64"))
                .orElse(Path.of("/usr/bin/qemu-system-x86_64"));
        return DomainXml.of(machines.machine(def, img, plan), emulator);
    }

    // ---- shutdown / destroy ----------------------------------------------------------------------------------

    /** virsh shutdown: the guest powers itself off; destroyed if it does not within the wait. False if not running. */
    boolean shutdown(String name) {
        return stop(name, LaunchedVm::shutdown, "shut it down", "shut down", r -> {
            boolean gone = r.ready() && poweroffThroughAgent(r);
            if (!gone) {
                gone = VmStopper.powerButton(r, VmStopper.POWER_BUTTON_WAIT);
            }
            if (!gone) {
                out.warn("%s", Msg.get(VmText.NOT_POWERED_OFF, name));
                VmStopper.kill(r);
            }
        });
    }

    /** The agent's poweroff, then the graceful wait: true when qemu has exited. */
    private boolean poweroffThroughAgent(VmRuntime r) {
        try {
            GuestAgent agent = GuestAgent.connect(r.agentSocket(), Duration.ofSeconds(10));
            try {
                agent.poweroff();
            } finally {
                agent.close();
            }
            return VmStopper.awaitExit(r, VmStopper.GRACEFUL_WAIT);
        } catch (RuntimeException e) {
            out.debug("agent poweroff failed: %s", e);
            return false;
        }
    }

    /** virsh destroy: QEMU is stopped at once (the guest gets no say). False if it was not running. */
    boolean destroy(String name) {
        return stop(name, LaunchedVm::destroy, "destroy it", "destroyed", r -> {
            if (!VmStopper.kill(r)) {
                throw LabsException.failed(Msg.get(VmText.CANNOT_STOP, r.pid(), name), Msg.get(VmText.CANNOT_STOP_WHY),
                        null);
            }
        });
    }

    /**
     * What shutdown and destroy share: a VM this process started is stopped through its own handle (it holds the
     * agent's connection); any other under its lock, from runtime.json and /proc alone, since a damaged definition
     * must not make a running VM unstoppable. False when it was not running (its stale runtime is cleared then too).
     */
    private boolean stop(String name, Consumer<LaunchedVm> own, String lockFor, String action,
                         Consumer<VmRuntime> how) {
        Optional<LaunchedVm> mine = session.owned(name);
        if (mine.isPresent()) {
            own.accept(mine.get());
            return true;
        }
        requireFolder(name);
        try (VmLock lock = VmLock.acquire(store.dir(name), name, lockFor, VmStore.LOCK_WAIT)) {
            Optional<VmRuntime> rt = VmStopper.runtimeToStop(store, name, action);
            if (rt.isEmpty()) {
                return false;   // runtimeToStop has cleared what was stale
            }
            how.accept(rt.get());
            store.clearRuntime(name);
            return true;
        }
    }

    /** shutdown and destroy need no definition, only the VM's folder (a damaged definition is no obstacle). */
    private void requireFolder(String name) {
        VmName.check(name);
        if (!store.folderExists(name)) {
            throw store.noSuchVm(name);
        }
    }
}
