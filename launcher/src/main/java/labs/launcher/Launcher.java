package labs.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import labs.common.BoundChildren;
import labs.common.DaemonTask;
import labs.common.DebianPackage;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.Packages;
import labs.common.Ui;
import labs.launcher.agent.GuestAgent;
import labs.launcher.guest.GuestImage;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.guest.ImageRepair;
import labs.launcher.qemu.QemuCommand;
import labs.launcher.qmp.QmpClient;
import labs.launcher.vm.CloneMaker;
import labs.launcher.vm.ConsoleLog;
import labs.launcher.vm.DiskTool;
import labs.launcher.vm.DomainXml;
import labs.launcher.vm.ImageRef;
import labs.launcher.vm.LabOwner;
import labs.launcher.vm.LabVmReaper;
import labs.launcher.vm.LaunchedVm;
import labs.launcher.vm.LiveState;
import labs.launcher.vm.NewVmFolder;
import labs.launcher.vm.ProcessStat;
import labs.launcher.vm.StorageCleaner;
import labs.launcher.vm.QemuProcess;
import labs.launcher.vm.VcpuPinner;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmDisk;
import labs.launcher.vm.VmLock;
import labs.launcher.vm.VmName;
import labs.launcher.vm.VmRuntime;
import labs.launcher.vm.VmState;
import labs.launcher.vm.VmStatus;
import labs.launcher.vm.VmStopper;
import labs.launcher.vm.VmStore;
import labs.launcher.vm.VmUndefiner;

/**
 * The launcher labs and `labs vm` use: virt-install, virsh and virt-clone in one class, on a VM store (one folder
 * per VM) instead of a libvirt daemon. A VM started detached (`labs vm start`) keeps running after the labs process
 * that started it exits (QEMU runs in its own session); any labs process finds it again through its runtime.json,
 * checked against /proc and QMP so that `list` tells the truth after a kill -9. VMs this process started with
 * {@link #start} are shut down when the process exits or gets Ctrl-C, and their qemu dies with it even on kill -9
 * ({@link BoundChildren}); a lab's VM folders are marked with their lab ({@link LabOwner}) and reaped by the next
 * labs command when that lab was killed.
 */
public final class Launcher {
    public static final Duration TCG_BOOT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration KVM_BOOT_TIMEOUT = Duration.ofSeconds(20);
    private final VmStore store;
    private final GuestImageBuilder images;
    /** What AUTO asks, and what picks the CPU model under KVM: vt-check's answer, given by the command line. */
    private final AccelProbe probe;
    private final Set<LaunchedVm> owned = ConcurrentHashMap.newKeySet();
    private final Set<Process> booting = ConcurrentHashMap.newKeySet();
    /** When set, every VM this launcher defines or clones lives only as long as the process: see {@link #forLab}. */
    private volatile boolean labOwned;
    /** Those VMs' names, oldest first: removed newest first (a linked clone before the base it reads). */
    private final Deque<String> removeAtExit = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean hookInstalled = new AtomicBoolean();
    private final Map<String, Path> consoleKeptAt = new ConcurrentHashMap<>();
    /** Temp folders of creates and clones under way in this process (see {@link NewVmFolder}). */
    private final Set<Path> tempFolders = ConcurrentHashMap.newKeySet();
    /**
     * Set when the exit hook starts. The lab's own thread keeps running while the JVM exits and may reach its next
     * boot; a qemu started then would outlive labs, so no boot may begin, or go on, once this is set.
     */
    private volatile boolean exiting;
    /** Boot watchdog per accelerator; tests shorten it. */
    java.util.function.Function<Accelerator, Duration> watchdog = Launcher::bootTimeout;

    public Launcher(Path storeRoot, GuestImageBuilder images, AccelProbe probe) {
        this.store = new VmStore(storeRoot.resolve("vms"));
        this.images = images;
        this.probe = java.util.Objects.requireNonNull(probe, "probe");
    }

    /** The store at $LABS_DATA_DIR, else $XDG_DATA_HOME/labs, else ~/.local/share/labs; the default image cache. */
    public static Launcher openDefault(AccelProbe probe) {
        Launcher l = new Launcher(defaultStoreRoot(), new GuestImageBuilder(GuestImageBuilder.defaultCacheRoot()),
                probe);
        LabVmReaper.sweep(l.store);   // what a lab killed with -9 left: nobody else will remove it
        return l;
    }

    public static Path defaultStoreRoot() {
        String explicit = System.getenv("LABS_DATA_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "labs");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "labs");
    }

    public VmStore store() { return store; }

    // ---- create (virt-install) -------------------------------------------------------------------------------

    public VmDefinition create(VmSpec spec) {
        return create(spec, Optional.empty());
    }

    /** Defines a VM: checks everything first, then makes its folder, its ext4 data disk and resolves the guest image. */
    public VmDefinition create(VmSpec spec, Optional<Path> kernel) {
        refuseWhenExiting("define", spec.name());
        check(spec);
        kernel.ifPresent(k -> {
            if (!Files.isRegularFile(k) || !Files.isReadable(k)) {
                throw LabsException.usage("--kernel " + labs.common.Echo.of(k) + " is not a readable file",
                        "give the path of a kernel image (vmlinuz or vmlinux) you can read");
            }
        });
        NewVmFolder.sweep(store);
        if (store.folderExists(spec.name())) {
            throw store.duplicate(spec.name());
        }
        Packages.ensure("labs vm create", List.of(DebianPackage.QEMU, DebianPackage.QEMU_UTILS,
                DebianPackage.E2FSPROGS));
        // Made in a temp folder and moved into place at the end: an interrupted create leaves no half a VM.
        try (NewVmFolder folder = newFolder(spec.name());
             VmLock lock = VmLock.acquire(folder.path(), spec.name(), "create it", VmStore.LOCK_WAIT)) {
            Path disk = store.diskPath(spec.name(), spec.diskFormat());
            Ui.progress("creating the data disk of '%s': %d MiB, %s, ext4 (mounted at /data in the guest)",
                    spec.name(), spec.diskSizeMiB(), spec.diskFormat().qemuName());
            DiskTool.createDataDisk(folder.staged(disk), spec.diskFormat(), spec.diskSizeMiB());
            Ui.progress("checking the guest image (built once from this machine's packages, then cached)");
            GuestImage img = images.build(kernel);
            VmDefinition def = new VmDefinition(spec.name(), UUID.randomUUID(), spec.vcpus(), spec.cpuset(),
                    spec.memoryMiB(), VmDisk.standalone(disk, spec.diskFormat(), spec.diskSizeMiB(), spec.cache()),
                    kernel.map(p -> p.toAbsolutePath()).orElse(null), null, spec.accel(), spec.network(),
                    OffsetDateTime.now().toString());
            AccelPlan plan = AccelPlan.decide(spec.accel(), probe);
            def = def.withImage(imageRef(machine(def, img, plan), img));
            refuseWhenExiting("define", spec.name());   // interrupted while the disk was made: no half a VM
            commit(folder, def);
            return def;
        } finally {
            tempFolders.removeIf(f -> !Files.exists(f, LinkOption.NOFOLLOW_LINKS));
        }
    }

    /** A new VM's temp folder; the exit hook removes it should the process end before it is moved into place. */
    private NewVmFolder newFolder(String name) {
        NewVmFolder f = NewVmFolder.create(store, name);
        tempFolders.add(f.path());
        madeFolder(name, f.path());   // the lab's mark moves into place with the folder
        return f;
    }

    /**
     * Moves a new VM into place. Should another process have taken the name meanwhile, the name is no longer this
     * process's to remove at exit: that VM is someone else's.
     */
    private void commit(NewVmFolder folder, VmDefinition def) {
        try {
            folder.commit(def);
        } catch (LabsException e) {
            removeAtExit.remove(def.name());
            throw e;
        }
    }

    /** The usage checks of create, for callers that must refuse bad input before they make anything (a lab). */
    public static void check(VmSpec spec) {
        VmName.check(spec.name());
        MachineSpec.checkVcpus(spec.vcpus());
        MachineSpec.checkMemory(spec.memoryMiB());
        HostMemory.check(spec.memoryMiB(), HostMemory.totalMiB());
        if (spec.diskSizeMiB() < 16) {
            throw LabsException.usage("--disk-size " + spec.diskSizeMiB() + " MiB is too small for ext4",
                    "give at least 16 (MiB); the default is " + VmSpec.DEFAULT_DISK_MIB);
        }
        VcpuPinner.check(spec.cpuset());
    }

    // ---- start / attach (virsh start) --------------------------------------------------------------------------

    /** Boots the VM and waits for its agent; the VM is shut down when this process exits (or on Ctrl-C). */
    public RunningVm start(String name) {
        return startInternal(name, true);
    }

    /**
     * Boots the VM like {@link #start} but leaves it running when this process exits (`labs vm start`); the
     * returned handle only holds this process's agent connection: close it to disconnect.
     */
    public RunningVm startDetached(String name) {
        return startInternal(name, false);
    }

    private LaunchedVm startInternal(String name, boolean ownIt) {
        refuseWhenExiting("start", name);
        BootTimeout.fromEnv();   // a bad value stops here, before anything is started
        VmName.check(name);
        if (!store.exists(name)) {
            throw store.noSuchVm(name);
        }
        Packages.ensure("starting a VM", List.of(DebianPackage.QEMU));
        installHook();
        try (VmLock lock = VmLock.acquire(store.dir(name), name, "start it", VmStore.LOCK_WAIT)) {
            VmDefinition def = store.load(name);
            Optional<VmRuntime> old = store.liveRuntime(name);
            if (old.isPresent()) {
                throw LabsException.usage("VM '" + name + "' is already running (qemu pid " + old.get().pid() + ")",
                        "use it (labs vm exec " + name + " -- CMD), or stop it first: labs vm shutdown " + name);
            }
            store.clearRuntime(name);
            checkSocketPaths(name);
            Optional<Path> kernel = Optional.ofNullable(def.kernelOverride());
            // The image check (hashing the inputs, ~0.5 s) runs while the guest boots from the image this VM used
            // last time: cache folders are named by content, so those files never change under a running guest.
            // If the check finds the image has changed (new kernel or tools), the guest is restarted on the new one.
            long c0 = System.nanoTime();
            CompletableFuture<GuestImage> check = CompletableFuture.supplyAsync(() -> {
                GuestImage built = images.build(kernel);
                Ui.debug("guest image check: %.3f s", (System.nanoTime() - c0) / 1e9);
                return built;
            });
            Optional<GuestImage> recorded = recordedImage(def);
            if (recorded.isEmpty()) {
                Ui.progress("checking the guest image");
            }
            GuestImage img = recorded.orElseGet(() -> joinImage(check));
            AccelPlan plan = AccelPlan.decide(def.accel(), probe);
            LaunchedVm vm;
            try {
                vm = bootWithFallback(def, img, plan, ownIt);
            } catch (BootFailure f) {
                GuestImage current = joinImage(check);
                if (sameFiles(current, img)) {
                    // A boot can fail on a damaged cache file of the same size: hashed in full only now.
                    String damaged = ImageRepair.discardDamaged(current).orElseThrow(() -> f);
                    Ui.warn("'%s' did not boot, and its cached guest image was damaged (%s); rebuilt it, booting "
                            + "again", name, damaged);
                    current = images.build(kernel);
                } else {
                    Ui.warn("the guest image changed since '%s' last booted; booting the new one", name);
                }
                return bootWithFallback(def, current, plan, ownIt);
            }
            GuestImage current;
            try {
                current = joinImage(check);
            } catch (LabsException e) {
                vm.stopOnExit();
                throw e;
            }
            if (!sameFiles(current, img)) {
                Ui.warn("the guest image changed since '%s' last booted (%s); restarting it on the new image", name,
                        current.kernelSource());
                vm.stopOnExit();
                vm = bootWithFallback(def, current, plan, ownIt);
            }
            return vm;
        } catch (BootFailure f) {
            throw f.error;
        }
    }

    /** Boots with the planned accelerator; under AUTO a KVM boot that fails is retried under TCG, with a warning. */
    private LaunchedVm bootWithFallback(VmDefinition def, GuestImage img, AccelPlan plan, boolean ownIt) {
        try {
            return boot(def, img, plan, watchdog.apply(plan.accelerator()), ownIt);
        } catch (BootFailure f) {
            AccelPlan tcg = plan.fallback().orElseThrow(() -> f);
            Ui.warn("the guest did not boot under KVM (%s); retrying under TCG, which is much slower",
                    f.error.getMessage());
            return boot(def, img, tcg, watchdog.apply(tcg.accelerator()), ownIt);
        }
    }

    /** The image this VM booted last, when all its files are still in the cache. */
    private static Optional<GuestImage> recordedImage(VmDefinition def) {
        ImageRef r = def.image();
        if (r == null || r.kernel() == null || r.initrd() == null || r.rootDisk() == null
                || !Files.isRegularFile(r.kernel()) || !Files.isRegularFile(r.initrd())
                || !Files.isRegularFile(r.rootDisk())) {
            return Optional.empty();
        }
        GuestImage img = new GuestImage(r.kernel(), r.initrd(), r.rootDisk(), r.kernelRelease(), r.kernelSource(),
                r.kernel().getParent());
        // a damaged one is left to the image check running beside, which builds it again
        return ImageRepair.damage(img).isPresent() ? Optional.empty() : Optional.of(img);
    }

    private static boolean sameFiles(GuestImage a, GuestImage b) {
        return a.kernel().equals(b.kernel()) && a.initrd().equals(b.initrd()) && a.rootDisk().equals(b.rootDisk());
    }

    private static GuestImage joinImage(CompletableFuture<GuestImage> check) {
        try {
            return check.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof LabsException le) {
                throw le;
            }
            throw LabsException.failed("the guest image could not be checked", String.valueOf(e.getCause()), e);
        }
    }

    /** Why a boot failed, carried so that AUTO can retry under TCG. */
    private static final class BootFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient LabsException error;

        BootFailure(LabsException error) {
            super(error.getMessage(), error);
            this.error = error;
        }
    }

    private LaunchedVm boot(VmDefinition def, GuestImage img, AccelPlan plan, Duration timeout, boolean ownIt) {
        String name = def.name();
        Path console = store.consoleLog(name);
        Path qemuLog = store.qemuLog(name);
        try {
            Files.deleteIfExists(console);
            Files.deleteIfExists(qemuLog); // made anew below, never opened through whatever lies at its name
        } catch (IOException e) {
            throw new LabsException("cannot reset the console log " + console, e.toString(), "check permissions");
        }
        MachineSpec machine = machine(def, img, plan);
        ImageRef ref = imageRef(machine, img);
        if (!ref.equals(def.image())) {
            def = def.withImage(ref);
            store.save(def);
        }
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
        Ui.progress("booting '%s' under %s (%s)", name, plan.accelerator().qemuName().toUpperCase(), plan.reason());
        Ui.debug("qemu argv: %s", cmd);
        long t0 = System.nanoTime();
        refuseWhenExiting("boot", name);
        Process p;
        try {
            p = BoundChildren.spawn(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(qemuLog.toFile()).redirectInput(Redirect.from(Path.of("/dev/null").toFile())));
        } catch (IOException e) {
            throw new LabsException("cannot start qemu-system-x86_64", e.getMessage(),
                    String.join(" ", Packages.installCommand(List.of(DebianPackage.QEMU))));
        }
        booting.add(p);
        try {
            if (exiting) {
                // The exit hook may have looked at `booting` before this boot joined it: stop it here instead.
                p.destroyForcibly();
                refuseWhenExiting("boot", name);
            }
            long ticks = ProcessStat.startTicks(p.pid()).orElse(-1L);
            VmRuntime rt = new VmRuntime(p.pid(), ticks, plan.accelerator(), plan.reason(), store.qmpSocket(name),
                    store.agentSocket(name), console, List.of(), null, false, ProcessHandle.current().pid(),
                    OffsetDateTime.now().toString());
            store.saveRuntime(name, rt);
            // The vCPU threads exist as soon as QEMU has initialised: find and pin them while the guest boots, so
            // the guest runs on its cpuset from the start and none of this waits after the agent is ready.
            Path qmpSocket = rt.qmpSocket();
            Path agentSocket = rt.agentSocket();
            List<Integer> cpuset = def.cpuset();
            CompletableFuture<List<Long>> vcpus = CompletableFuture.supplyAsync(() -> {
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
            GuestAgent agent = awaitAgent(name, p, rt, timeout);
            Ui.debug("qemu start to agent ready: %.3f s", (System.nanoTime() - t0) / 1e9);
            try {
                List<Long> tids;
                try {
                    tids = vcpus.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re : e;
                }
                String kernel = agent.kernelRelease();
                rt = rt.readyWith(tids, kernel);
                store.saveRuntime(name, rt);
                Ui.progress("'%s' is ready after %.1f s (qemu pid %d, vCPU threads %s%s)", name,
                        (System.nanoTime() - t0) / 1e9, p.pid(), tids,
                        def.cpuset().isEmpty() ? "" : " pinned to CPU " + def.cpusetText());
            } catch (RuntimeException e) {
                agent.close();
                kill(p, name);
                throw e instanceof LabsException le ? le
                        : LabsException.failed("VM '" + name + "' booted but could not be set up", e.toString(), e);
            }
            LaunchedVm vm = new LaunchedVm(name, rt, def.disk().path(), agent, store, ownIt, owned::remove);
            if (ownIt) {
                owned.add(vm);
            }
            return vm;
        } finally {
            booting.remove(p);
        }
    }

    /** The boot watchdog: the agent's ready marker within the time limit, or qemu is stopped and the console shown. */
    private GuestAgent awaitAgent(String name, Process p, VmRuntime rt, Duration timeout) {
        CompletableFuture<GuestAgent> ready = CompletableFuture.supplyAsync(
                () -> GuestAgent.connect(rt.agentSocket(), timeout, p.toHandle()));
        long deadline = System.nanoTime() + timeout.toNanos() + Duration.ofSeconds(2).toNanos();
        String failure = null;
        try {
            while (!ready.isDone()) {
                if (!p.isAlive()) {
                    failure = "qemu exited (status " + p.exitValue() + ") before the guest was ready";
                    break;
                }
                String panic = ConsoleLog.panic(rt.consoleLog());
                if (panic != null) {
                    failure = "the guest kernel panicked: " + panic;
                    break;
                }
                if (System.nanoTime() > deadline) {
                    failure = "the guest did not report ready within " + timeout.toSeconds() + " s under "
                            + rt.accelerator().qemuName().toUpperCase() + " (a hang)";
                    break;
                }
                Thread.sleep(100);
            }
            if (failure == null) {
                return ready.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted while waiting for the guest";
        } catch (java.util.concurrent.CompletionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            String agentSaid = c instanceof LabsException le
                    ? le.getMessage() + (le.why() == null ? "" : " (" + le.why() + ")") : c.toString();
            if (!p.isAlive()) {
                failure = "qemu exited (status " + p.exitValue() + ") before the guest was ready: " + agentSaid;
            } else {
                failure = "the guest did not report ready within " + timeout.toSeconds() + " s under "
                        + rt.accelerator().qemuName().toUpperCase() + " (a hang?): " + agentSaid;
            }
            String panic = ConsoleLog.panic(rt.consoleLog());
            if (panic != null) {
                failure = "the guest kernel panicked: " + panic;
            }
        }
        ready.thenAccept(GuestAgent::close); // should it still connect after we gave up
        kill(p, name);
        String qemuSaid = tailOf(store.qemuLog(name));
        throw new BootFailure(new LabsException("VM '" + name + "' did not boot: " + failure,
                "console tail:\n" + indent(ConsoleLog.tail(rt.consoleLog(), 15))
                        + (qemuSaid.isBlank() ? "" : "\n  qemu said:\n" + indent(qemuSaid)),
                "see the whole console with: labs vm log " + name
                        + "; a slow machine may need more time: LABS_BOOT_TIMEOUT=SECONDS (now "
                        + timeout.toSeconds() + ")", LabsException.EXIT_FAILED, null));
    }

    /** QEMU creates its sockets with the umask's mode; whoever can connect to QMP controls the VM. */
    private static void ownerOnly(Path socket) throws IOException {
        Files.setPosixFilePermissions(socket, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    private void kill(Process p, String name) {
        p.destroyForcibly();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.clearRuntime(name);
    }

    private static String tailOf(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return "";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static String indent(String text) {
        return "    " + text.replace("\n", "\n    ");
    }

    static Duration bootTimeout(Accelerator a) {
        return BootTimeout.fromEnv().orElse(a == Accelerator.KVM ? KVM_BOOT_TIMEOUT : TCG_BOOT_TIMEOUT);
    }

    private void checkSocketPaths(String name) {
        MachineSpec.checkSocketPath(store.qmpSocket(name));
        MachineSpec.checkSocketPath(store.agentSocket(name));
    }

    /** Attaches to a VM another labs process started; closing the handle only disconnects. */
    public RunningVm attach(String name) {
        VmName.check(name);
        for (LaunchedVm vm : owned) {
            if (vm.name().equals(name)) {
                return vm;
            }
        }
        VmDefinition def = store.load(name);
        VmRuntime rt = store.liveRuntime(name).orElseThrow(() ->
                LabsException.usage("VM '" + name + "' is not running", "start it first: labs vm start " + name));
        refuseUnlessRunning(name, rt);
        if (!rt.ready()) {
            rt = adopt(name, def);
        }
        GuestAgent agent = connectSayingWhy(name, rt.agentSocket());
        return new LaunchedVm(name, rt, def.disk().path(), agent, store, false, vm -> { });
    }

    private static final Duration ATTACH_WAIT = Duration.ofSeconds(15);

    /** A paused (or crashed) guest cannot answer: say so, rather than wait for the agent and blame the boot. */
    private void refuseUnlessRunning(String name, VmRuntime rt) {
        LiveState.Reading live = LiveState.read(name, rt, watchdog.apply(rt.accelerator()));
        if (live.state() != VmState.RUNNING && live.state() != VmState.BOOTING) {
            throw new LabsException("VM '" + name + "' is " + live.state().label() + " (qemu pid " + rt.pid()
                    + "): its guest cannot run commands now", null, live.note(), LabsException.EXIT_FAILED, null);
        }
    }

    /**
     * The agent of a running VM answers at once unless another labs process holds its connection (a lab, another
     * `vm exec`): QEMU serves one at a time and the next waits in line. After 2 s of silence the user hears why.
     */
    private static GuestAgent connectSayingWhy(String name, Path socket) {
        CompletableFuture<GuestAgent> f = DaemonTask.start("agent-" + name,
                () -> GuestAgent.connect(socket, ATTACH_WAIT));
        try {
            try {
                return f.get(2, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                Ui.progress("waiting for the guest agent of '%s': another labs process (a running lab, another "
                        + "vm exec) is using it, and QEMU serves one connection at a time (up to %d s)", name,
                        ATTACH_WAIT.toSeconds());
                return f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : LabsException.failed("cannot reach the agent of VM '" + name + "'", e.getCause().toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed("interrupted while waiting for the agent of VM '" + name + "'", null, e);
        }
    }

    /**
     * A VM whose starter died (kill -9) before the agent answered: if it booted after all, finish what start would
     * have done (record and pin the vCPU threads, mark it ready); else say how to clean up.
     */
    private VmRuntime adopt(String name, VmDefinition def) {
        try (VmLock lock = VmLock.acquire(store.dir(name), name, "take over its start", Duration.ofSeconds(2))) {
            VmRuntime rt = store.liveRuntime(name).orElseThrow(() ->
                    LabsException.usage("VM '" + name + "' is not running", "start it first: labs vm start " + name));
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
            throw new LabsException("VM '" + name + "' is running but its agent never reported ready",
                    "it may still be booting, or the labs process that started it was killed: "
                            + e.getMessage(), "wait and retry, or stop and clean it up: labs vm destroy " + name);
        }
    }

    /**
     * A launcher for a lab: every VM it defines or clones from now on lives only as long as this process. The lab
     * removes its VMs itself when it ends; if the process is stopped first (Ctrl-C, SIGTERM), the exit hook stops
     * them and removes them with their storage, so an interrupted lab leaves no VM behind, not even a half-made
     * folder. A VM is registered the moment its folder is made, so a VM the user already had is never touched.
     */
    public Launcher forLab() {
        BootTimeout.fromEnv();   // before the lab makes its results folder
        labOwned = true;
        labs.common.Interrupts.labRunning();
        installHook();
        return this;
    }

    /**
     * Copies the VM's console log (kernel messages, the agent's lines: what explains a guest that misbehaved) to
     * file when the VM is undefined, by the lab or by the exit hook after a Ctrl-C, before its folder goes.
     */
    public void keepConsoleAt(String name, Path file) {
        consoleKeptAt.put(name, file);
    }

    private void saveConsole(String name) {
        Path to = consoleKeptAt.remove(name);
        if (to == null) {
            return;
        }
        try (InputStream in = Files.newInputStream(store.consoleLog(name), LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            // never booted: no console to keep
        } catch (IOException e) {
            Ui.warn("could not keep the guest's console log as %s: %s", to, e);
        }
    }

    /** Keeps one of a lab's VMs after the process ends (vm-lifecycle --keep). */
    public void keepAfterExit(String name) {
        removeAtExit.remove(name);
        LabOwner.release(store.dir(name));
    }

    /** A lab's VM folder is marked with this process at once: after a kill -9 the next labs command reaps it. */
    private void madeFolder(String name, Path dir) {
        if (labOwned) {
            removeAtExit.add(name);
            LabOwner.current().writeTo(dir);
        }
    }

    private void installHook() {
        if (hookInstalled.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopOwnVms, "labs-stop-vms"));
        }
    }

    /** At exit (also on Ctrl-C): VMs still booting are killed, VMs this process started are shut down. */
    private void stopOwnVms() {
        exiting = true;
        for (Process p : booting) {
            p.destroyForcibly();
        }
        List<LaunchedVm> vms = new ArrayList<>(owned);
        if (!vms.isEmpty()) {
            System.err.println(Ui.ELLIPSIS + " stopping the VMs this labs process started: "
                    + String.join(", ", vms.stream().map(LaunchedVm::name).toList()));
        }
        vms.parallelStream().forEach(vm -> {
            try {
                vm.stopOnExit();
            } catch (RuntimeException e) {
                System.err.println("warning: could not stop VM '" + vm.name() + "': " + e.getMessage());
            }
        });
        for (Path temp : tempFolders) {
            try {
                StorageCleaner.removeVmFolder(temp, List.of()); // a create or clone cut short: never a whole VM
            } catch (RuntimeException e) {
                System.err.println("warning: could not remove " + temp + ": " + e.getMessage());
            }
        }
        for (Iterator<String> it = removeAtExit.descendingIterator(); it.hasNext(); ) {
            removeLabVm(it.next());
        }
    }

    /**
     * One of a lab's VMs at exit: undefined with its storage, or, when its create was cut short and there is only
     * a folder, that folder. The lab's own thread may be removing it at the same time; whoever comes second finds
     * nothing to do and says nothing.
     */
    private void removeLabVm(String name) {
        Path dir;
        try {
            dir = store.dir(name);
        } catch (RuntimeException e) {
            System.err.println("warning: not removing the lab's VM '" + name + "': " + e.getMessage());
            return;
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        System.err.println(Ui.ELLIPSIS + " removing the lab's VM " + name);
        try {
            if (store.exists(name)) {
                undefine(name, true, EXIT_LOCK_WAIT);
            } else {
                try (VmLock lock = VmLock.acquire(dir, name, "remove it", EXIT_LOCK_WAIT)) {
                    if (!store.exists(name)) {
                        StorageCleaner.removeVmFolder(dir, List.of());
                    }
                }
            }
        } catch (RuntimeException e) {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                System.err.println("warning: could not remove VM '" + name + "': " + e.getMessage()
                        + " (remove it with: labs vm destroy " + name + "; labs vm undefine " + name
                        + " --remove-all-storage)");
            }
        }
    }

    /**
     * How long the exit hook waits for a VM's lock: the lab's thread, still running while the JVM exits, may hold
     * it while it unwinds from the VM the hook just stopped. Bounded, so that an exit never hangs.
     */
    private static final Duration EXIT_LOCK_WAIT = Duration.ofSeconds(15);

    /** Nothing new once the exit hook runs: it has already stopped and removed what this process owned. */
    private void refuseWhenExiting(String action, String name) {
        if (exiting) {
            throw new LabsException("not going to " + action + " VM '" + name + "': labs is exiting",
                    "it was interrupted (Ctrl-C or a signal)", null);
        }
    }

    // ---- list (virsh list --all) -----------------------------------------------------------------------------

    public List<VmStatus> list() {
        NewVmFolder.sweep(store);
        List<VmStatus> out = new ArrayList<>();
        for (String name : store.names()) {
            try {
                out.add(status(name));
            } catch (VmStore.Damaged e) {
                Optional<VmRuntime> rt = store.liveRuntime(name);
                out.add(new VmStatus(name, VmState.DAMAGED, rt.map(VmRuntime::pid).orElse(null),
                        rt.map(VmRuntime::accelerator).orElse(null), 0, "", 0, null, rt.orElse(null)));
            } catch (LabsException e) {
                Ui.warn("skipping VM '%s': %s", name, e.getMessage());
            }
        }
        for (String name : store.keptNames()) {
            try {
                VmDefinition def = store.loadKept(name);
                out.add(new VmStatus(name, VmState.STORAGE_ONLY, null, null, def.vcpus(), def.cpusetText(),
                        def.memoryMiB(), def, null));
            } catch (LabsException e) {
                out.add(new VmStatus(name, VmState.STORAGE_ONLY, null, null, 0, "", 0, null, null));
            }
        }
        out.sort(java.util.Comparator.comparing(VmStatus::name));
        return out;
    }

    /** The truth from /proc: recorded pid alive with the same start time, else shut off (stale state cleaned). */
    public VmStatus status(String name) {
        VmDefinition def = store.load(name);
        Optional<VmRuntime> rt = store.runtime(name);
        if (rt.isPresent() && QemuProcess.isQemuOf(rt.get(), store, name)) {
            VmRuntime r = rt.get();
            LiveState.Reading live = LiveState.read(name, r, watchdog.apply(r.accelerator()));
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

    public String dumpXml(String name) {
        VmDefinition def = store.load(name);
        Optional<VmRuntime> rt = store.liveRuntime(name);
        AccelPlan plan = rt.isPresent()
                ? AccelPlan.of(def.accel(), rt.get().accelerator(), probe, rt.get().acceleratorReason())
                : AccelPlan.decide(def.accel(), probe);
        GuestImage img = def.image() != null ? def.image().toGuestImage()
                : images.build(Optional.ofNullable(def.kernelOverride()));
        Path emulator = Optional.ofNullable(HostRunner.which("qemu-system-x86_64"))
                .orElse(Path.of("/usr/bin/qemu-system-x86_64"));
        return DomainXml.of(machine(def, img, plan), emulator);
    }

    // ---- clone (virt-clone) ----------------------------------------------------------------------------------

    public VmDefinition cloneVm(String src, String dst, boolean full) {
        refuseWhenExiting("clone into", dst);
        VmName.check(src);
        VmName.check(dst);
        if (!store.exists(src)) {
            throw store.noSuchVm(src);
        }
        NewVmFolder.sweep(store);
        if (store.folderExists(dst)) {
            throw store.duplicate(dst);
        }
        Packages.ensure("labs vm clone", List.of(DebianPackage.QEMU_UTILS));
        try (VmLock lock = VmLock.acquire(store.dir(src), src, "clone it", VmStore.LOCK_WAIT)) {
            VmDefinition def = store.load(src);
            Optional<VmRuntime> rt = store.liveRuntime(src);
            if (rt.isPresent()) {
                throw new LabsException("VM '" + src + "' is running, so its disk cannot be cloned now",
                        "a running guest keeps writing its disk: a copy or a linked clone would catch its file "
                                + "system half-written (virt-clone refuses too)", "stop it first: labs vm shutdown "
                                + src);
            }
            try (NewVmFolder dstFolder = newFolder(dst);
                 VmLock dstLock = VmLock.acquire(dstFolder.path(), dst, "create it", VmStore.LOCK_WAIT)) {
                Ui.progress("%s clone of '%s' as '%s'", full ? "full" : "linked", src, dst);
                CloneMaker.Result r = CloneMaker.clone(store, def, dst, dstFolder, full);
                refuseWhenExiting("clone into", dst);
                commit(dstFolder, r.copy());
                Ui.progress("%s", r.note());
                return r.copy();
            } finally {
                tempFolders.removeIf(f -> !Files.exists(f, LinkOption.NOFOLLOW_LINKS));
            }
        }
    }

    // ---- shutdown / destroy ----------------------------------------------------------------------------------

    /** virsh shutdown: the guest powers itself off; destroyed if it does not within the wait. False if not running. */
    public boolean shutdown(String name) {
        for (LaunchedVm vm : owned) {
            if (vm.name().equals(name)) {
                vm.shutdown();
                return true;
            }
        }
        requireFolder(name);
        try (VmLock lock = VmLock.acquire(store.dir(name), name, "shut it down", VmStore.LOCK_WAIT)) {
            Optional<VmRuntime> rt = VmStopper.runtimeToStop(store, name, "shut down");
            if (rt.isEmpty()) {
                return false;
            }
            VmRuntime r = rt.get();
            boolean gone = false;
            if (r.ready()) {
                try {
                    GuestAgent agent = GuestAgent.connect(r.agentSocket(), Duration.ofSeconds(10));
                    try {
                        agent.poweroff();
                    } finally {
                        agent.close();
                    }
                    gone = VmStopper.awaitExit(r, VmStopper.GRACEFUL_WAIT);
                } catch (RuntimeException e) {
                    Ui.debug("agent poweroff failed: %s", e);
                }
            }
            if (!gone) {
                gone = VmStopper.powerButton(r, VmStopper.POWER_BUTTON_WAIT);
            }
            if (!gone) {
                Ui.warn("VM '%s' did not power off; destroying it", name);
                VmStopper.kill(r);
            }
            store.clearRuntime(name);
            return true;
        }
    }

    /** virsh destroy: QEMU is stopped at once (the guest gets no say). False if it was not running. */
    public boolean destroy(String name) {
        for (LaunchedVm vm : owned) {
            if (vm.name().equals(name)) {
                vm.destroy();
                return true;
            }
        }
        requireFolder(name);
        // From runtime.json and /proc alone: a damaged definition must not make a running VM unstoppable.
        try (VmLock lock = VmLock.acquire(store.dir(name), name, "destroy it", VmStore.LOCK_WAIT)) {
            Optional<VmRuntime> rt = VmStopper.runtimeToStop(store, name, "destroyed");
            if (rt.isPresent() && !VmStopper.kill(rt.get())) {
                throw LabsException.failed("could not stop qemu (pid " + rt.get().pid() + ") of VM '" + name + "'",
                        "it survived QMP quit and SIGKILL", null);
            }
            store.clearRuntime(name);
            return rt.isPresent();
        }
    }

    /** shutdown and destroy need no definition, only the VM's folder (a damaged definition is no obstacle). */
    private void requireFolder(String name) {
        VmName.check(name);
        if (!store.folderExists(name)) {
            throw store.noSuchVm(name);
        }
    }

    // ---- undefine ----------------------------------------------------------------------------------------------

    /**
     * virsh undefine: the definition goes and the folder stays as "storage only" (see {@link VmUndefiner}); with
     * removeAllStorage the VM's folder and every file in it go (a disk outside the folder is never touched). Refused
     * while it runs, and (with removeAllStorage) while linked clones read its base.
     */
    public StorageCleaner.Report undefine(String name, boolean removeAllStorage) {
        return undefine(name, removeAllStorage, VmStore.LOCK_WAIT);
    }

    private StorageCleaner.Report undefine(String name, boolean removeAllStorage, Duration lockWait) {
        return new VmUndefiner(store).undefine(name, removeAllStorage, lockWait, () -> saveConsole(name));
    }

    // ---- QEMU command line -------------------------------------------------------------------------------------

    /** The machine a VM's definition describes, booted from img under plan: what QEMU and the XML both render. */
    private MachineSpec machine(VmDefinition def, GuestImage img, AccelPlan plan) {
        String name = def.name();
        VmDisk d = def.disk();
        return MachineSpec.builder(name, img)
                .uuid(def.uuid())
                .accel(plan)
                .vcpus(def.vcpus())
                .cpuset(def.cpuset())
                .memoryMiB(def.memoryMiB())
                .dataDisk(new MachineSpec.DataDisk(d.path(), d.format(), d.cache(), d.backingFile(), d.backingFormat()))
                .agentSocket(store.agentSocket(name))
                .qmpSocket(store.qmpSocket(name))
                .consoleLog(store.consoleLog(name))
                .network(def.network())
                .build();
    }

    private static ImageRef imageRef(MachineSpec m, GuestImage img) {
        return new ImageRef(img.kernel(), img.initrd(), img.rootDisk(), img.kernelRelease(), img.kernelSource(),
                m.kernelCmdline(), m.machineType());
    }
}
