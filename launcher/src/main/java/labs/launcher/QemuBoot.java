package labs.launcher;

import labs.common.i18n.ProgressText;
import labs.common.i18n.ErrorText;
import labs.common.i18n.Msg;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import labs.common.BoundChildren;
import labs.common.DebianPackage;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.i18n.LauncherText;
import labs.common.i18n.VmText;
import labs.common.Packages;
import labs.common.Progress;
import labs.launcher.agent.GuestAgent;
import labs.launcher.guest.GuestImage;
import labs.launcher.qemu.QemuCommand;
import labs.launcher.qmp.QmpClient;
import labs.launcher.vm.ImageRef;
import labs.launcher.vm.LaunchedVm;
import labs.launcher.vm.ProcessStat;
import labs.launcher.vm.VcpuPinner;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmRuntime;
import labs.launcher.vm.VmStore;

/**
 * One boot of one VM: qemu spawned in its own session (and bound to this process when the process owns the VM), its
 * runtime.json written at once, the vCPU threads found and pinned while the guest boots, then the agent awaited
 * under the {@link BootWatchdog}. A failed boot throws {@link BootFailure} with qemu already stopped.
 *
 * <p>A record only to be short: its components are the collaborators the {@link Launcher} gives it.
 */
record QemuBoot(VmStore store, LabSession session, VmMachines machines, BootWatchdog watchdog, Progress out) {

    LaunchedVm boot(VmDefinition def, GuestImage img, AccelPlan plan, Duration timeout, boolean ownIt) {
        String name = def.name();
        resetLogs(name);
        MachineSpec machine = machines.machine(def, img, plan);
        ImageRef ref = VmMachines.imageRef(machine, img);
        if (!ref.equals(def.image())) {
            def = def.withImage(ref);
            store.save(def);
        }
        List<String> cmd = command(machine, ownIt);
        out.progress(ProgressText.BOOTING, name, plan.accelerator().qemuName().toUpperCase(), plan.reason());
        out.debug("qemu argv: %s", cmd);
        long t0 = System.nanoTime();
        session.refuseWhenExiting(LauncherText.EXITING_NO_BOOT, name);
        Process p = spawn(cmd, store.qemuLog(name));
        session.booting(p);
        try {
            if (session.exiting()) {
                // The exit hook may have looked at `booting` before this boot joined it: stop it here instead.
                p.destroyForcibly();
                session.refuseWhenExiting(LauncherText.EXITING_NO_BOOT, name);
            }
            long ticks = ProcessStat.startTicks(p.pid()).orElse(-1L);
            VmRuntime rt = new VmRuntime(p.pid(), ticks, plan.accelerator(), plan.reason(), store.qmpSocket(name),
                    store.agentSocket(name), store.consoleLog(name), List.of(), null, false,
                    ProcessHandle.current().pid(), OffsetDateTime.now().toString());
            store.saveRuntime(name, rt);
            CompletableFuture<List<Long>> vcpus = pinVcpus(rt, def.cpuset(), timeout);
            GuestAgent agent = watchdog.awaitAgent(name, p, rt, timeout);
            out.debug("qemu start to agent ready: %.3f s", (System.nanoTime() - t0) / 1e9);
            rt = markReady(def, p, rt, agent, vcpus, t0);
            LaunchedVm vm = new LaunchedVm(name, rt, def.disk().path(), agent, store, ownIt, session::disown, out);
            if (ownIt) {
                session.own(vm);
            }
            return vm;
        } finally {
            session.booted(p);
        }
    }

    private void resetLogs(String name) {
        Path console = store.consoleLog(name);
        try {
            Files.deleteIfExists(console);
            Files.deleteIfExists(store.qemuLog(name)); // made anew at spawn, never opened through what lies there
        } catch (IOException e) {
            throw new LabsException(Msg.get(LauncherText.CONSOLE_CANNOT_RESET, console), e.toString(),
                    Msg.get(VmText.CHECK_PERMISSIONS));
        }
    }

    private static List<String> command(MachineSpec machine, boolean ownIt) {
        List<String> cmd = new ArrayList<>();
        Path setsid = HostRunner.which("setsid");
        if (setsid != null) {
            // Its own session: the terminal's Ctrl-C goes to labs (whose hook decides), not straight to QEMU.
            cmd.add(setsid.toString());
        }
        if (ownIt) {
            // A VM this process owns dies with it, even on kill -9 (no hook runs then); `vm start` VMs stay.
            cmd.addAll(BoundChildren.prefix());
        }
        cmd.addAll(QemuCommand.of(machine));
        return cmd;
    }

    private static Process spawn(List<String> cmd, Path qemuLog) {
        try {
            return BoundChildren.spawn(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(qemuLog.toFile()).redirectInput(Redirect.from(Path.of("/dev/null").toFile())));
        } catch (IOException e) {
            throw new LabsException(Msg.get(ErrorText.QEMU_CANNOT_START), e.getMessage(),
                    String.join(" ", Packages.installCommand(List.of(DebianPackage.QEMU))));
        }
    }

    /**
     * The vCPU threads exist as soon as QEMU has initialised: find and pin them while the guest boots, so the guest
     * runs on its cpuset from the start and none of this waits after the agent is ready.
     */
    private static CompletableFuture<List<Long>> pinVcpus(VmRuntime rt, List<Integer> cpuset, Duration timeout) {
        Path qmpSocket = rt.qmpSocket();
        Path agentSocket = rt.agentSocket();
        return CompletableFuture.supplyAsync(() -> {
            try (QmpClient qmp = QmpClient.connect(qmpSocket, timeout)) {
                List<Long> found = qmp.queryCpusFast().stream().map(QmpClient.VcpuThread::threadId).toList();
                VcpuPinner.pin(found, cpuset);
                ownerOnly(qmpSocket);
                ownerOnly(agentSocket);
                return found;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** QEMU creates its sockets with the umask's mode; whoever can connect to QMP controls the VM. */
    private static void ownerOnly(Path socket) throws IOException {
        Files.setPosixFilePermissions(socket, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    /** Records the pinned vCPU threads and the guest's kernel: the VM is ready. Else qemu is stopped. */
    private VmRuntime markReady(VmDefinition def, Process p, VmRuntime rt, GuestAgent agent,
                                CompletableFuture<List<Long>> vcpus, long t0) {
        String name = def.name();
        try {
            List<Long> tids;
            try {
                tids = vcpus.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
            String kernel = agent.kernelRelease();
            VmRuntime ready = rt.readyWith(tids, kernel);
            store.saveRuntime(name, ready);
            out.progress(ProgressText.READY, name,
                    String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9), p.pid(), tids,
                    def.cpuset().isEmpty() ? "" : Msg.get(ProgressText.PINNED_SUFFIX, def.cpusetText()));
            return ready;
        } catch (RuntimeException e) {
            agent.close();
            watchdog.kill(p, name);
            throw e instanceof LabsException le ? le
                    : LabsException.failed(Msg.get(LauncherText.BOOTED_NOT_SET_UP, name), e.toString(), e);
        }
    }
}
