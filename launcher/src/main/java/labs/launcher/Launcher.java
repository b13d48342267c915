package labs.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import labs.common.BoundChildren;
import labs.common.Progress;
import labs.common.Ui;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.vm.LabOwner;
import labs.launcher.vm.LabVmReaper;
import labs.launcher.vm.StorageCleaner;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmStatus;
import labs.launcher.vm.VmStore;

/**
 * The launcher labs and `labs vm` use: virt-install, virsh and virt-clone in one facade, on a VM store (one folder
 * per VM) instead of a libvirt daemon. A VM started detached (`labs vm start`) keeps running after the labs process
 * that started it exits (QEMU runs in its own session); any labs process finds it again through its runtime.json,
 * checked against /proc and QMP so that `list` tells the truth after a kill -9. VMs this process started with
 * {@link #start} are shut down when the process exits or gets Ctrl-C, and their qemu dies with it even on kill -9
 * ({@link BoundChildren}); a lab's VM folders are marked with their lab ({@link LabOwner}) and reaped by the next
 * labs command when that lab was killed.
 *
 * <p>The work is done by one class per concern, wired here: {@link VmProvisioner} (create, clone, undefine),
 * {@link VmBooter} (start: image check, KVM-to-TCG fallback, each boot a {@link QemuBoot} under a
 * {@link BootWatchdog}), {@link VmControl} (list, status, dumpxml, shutdown, destroy), {@link VmAttacher} (attach,
 * adopt), and the {@link LabSession} that owns this process's VMs and the exit hook.
 */
public final class Launcher implements LabEngine {
    public static final Duration TCG_BOOT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration KVM_BOOT_TIMEOUT = Duration.ofSeconds(20);
    private final VmStore store;
    private final Progress out;
    private final LabSession session;
    private final VmProvisioner provisioner;
    private final VmBooter booter;
    private final VmControl control;
    private final VmAttacher attacher;

    /**
     * @param probe what AUTO asks, and what picks the CPU model under KVM: vt-check's answer, given by the command
     *              line
     */
    public Launcher(Path storeRoot, GuestImageBuilder images, AccelProbe probe) {
        this(storeRoot, images, probe, BootPolicy.standard());
    }

    /** @param policy the boot watchdog's time limits (a test shortens them) */
    public Launcher(Path storeRoot, GuestImageBuilder images, AccelProbe probe, BootPolicy policy) {
        this(storeRoot, images, probe, policy, Ui.TERMINAL);
    }

    /** @param out where every part of the launcher reports progress, warnings and debug detail */
    public Launcher(Path storeRoot, GuestImageBuilder images, AccelProbe probe, BootPolicy policy, Progress out) {
        this(new VmStore(storeRoot.resolve("vms")), images, Objects.requireNonNull(probe, "probe"),
                Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(out, "out"));
    }

    private Launcher(VmStore store, GuestImageBuilder images, AccelProbe probe, BootPolicy policy, Progress out) {
        this.store = store;
        this.out = out;
        this.session = new LabSession(store, out);
        VmMachines machines = new VmMachines(store);
        this.provisioner = new VmProvisioner(store, images, probe, session, machines, out);
        this.booter = new VmBooter(store, images, probe, policy, session,
                new QemuBoot(store, session, machines, new BootWatchdog(store), out), out);
        this.control = new VmControl(store, images, probe, policy, session, machines, out);
        this.attacher = new VmAttacher(store, policy, session, out);
    }

    /** The store at $LABS_DATA_DIR, else $XDG_DATA_HOME/labs, else ~/.local/share/labs; the default image cache. */
    public static Launcher openDefault(AccelProbe probe) {
        Launcher l = new Launcher(defaultStoreRoot(), new GuestImageBuilder(GuestImageBuilder.defaultCacheRoot()),
                probe);
        LabVmReaper.sweep(l.store, l.out);   // what a lab killed with -9 left: nobody else will remove it
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

    @Override
    public String where() { return store.root().toString(); }

    // ---- provisioning: virt-install, virt-clone, virsh undefine ------------------------------------------------

    public VmDefinition create(VmSpec spec) {
        return create(spec, Optional.empty());
    }

    /** Defines a VM: checks everything first, then makes its folder, its ext4 data disk and resolves the guest image. */
    public VmDefinition create(VmSpec spec, Optional<Path> kernel) {
        return provisioner.create(spec, kernel);
    }

    /** The usage checks of create, for callers that must refuse bad input before they make anything (a lab). */
    public static void check(VmSpec spec) {
        VmProvisioner.check(spec);
    }

    public VmDefinition cloneVm(String src, String dst, boolean full) {
        return provisioner.cloneVm(src, dst, full);
    }

    /**
     * virsh undefine: the definition goes and the folder stays as "storage only" (see
     * {@link labs.launcher.vm.VmUndefiner}); with removeAllStorage the VM's folder and every file in it go (a disk
     * outside the folder is never touched). Refused while it runs, and (with removeAllStorage) while linked clones
     * read its base.
     */
    public StorageCleaner.Report undefine(String name, boolean removeAllStorage) {
        return provisioner.undefine(name, removeAllStorage);
    }

    // ---- booting: virsh start ----------------------------------------------------------------------------------

    /** Boots the VM and waits for its agent; the VM is shut down when this process exits (or on Ctrl-C). */
    public RunningVm start(String name) {
        return booter.start(name, true);
    }

    /**
     * Boots the VM like {@link #start} but leaves it running when this process exits (`labs vm start`); the
     * returned handle only holds this process's agent connection: close it to disconnect.
     */
    public RunningVm startDetached(String name) {
        return booter.start(name, false);
    }

    /** Attaches to a VM another labs process started; closing the handle only disconnects. */
    @Override
    public RunningVm attach(String name) {
        return attacher.attach(name);
    }

    // ---- control: virsh list, dumpxml, shutdown, destroy -------------------------------------------------------

    public List<VmStatus> list() {
        return control.list();
    }

    /** The truth from /proc: recorded pid alive with the same start time, else shut off (stale state cleaned). */
    public VmStatus status(String name) {
        return control.status(name);
    }

    public String dumpXml(String name) {
        return control.dumpXml(name);
    }

    /** virsh shutdown: the guest powers itself off; destroyed if it does not within the wait. False if not running. */
    public boolean shutdown(String name) {
        return control.shutdown(name);
    }

    /** virsh destroy: QEMU is stopped at once (the guest gets no say). False if it was not running. */
    public boolean destroy(String name) {
        return control.destroy(name);
    }

    // ---- a lab's session -----------------------------------------------------------------------------------------

    /**
     * A launcher for a lab: every VM it defines or clones from now on lives only as long as this process. The lab
     * removes its VMs itself when it ends; if the process is stopped first (Ctrl-C, SIGTERM), the exit hook stops
     * them and removes them with their storage, so an interrupted lab leaves no VM behind, not even a half-made
     * folder. A VM is registered the moment its folder is made, so a VM the user already had is never touched.
     */
    public Launcher forLab() {
        BootTimeout.fromEnv();   // before the lab makes its results folder
        session.enterLab();
        return this;
    }

    /**
     * Copies the VM's console log (kernel messages, the agent's lines: what explains a guest that misbehaved) to
     * file when the VM is undefined, by the lab or by the exit hook after a Ctrl-C, before its folder goes.
     */
    public void keepConsoleAt(String name, Path file) {
        session.keepConsoleAt(name, file);
    }

    /** Keeps one of a lab's VMs after the process ends (vm-lifecycle --keep). */
    public void keepAfterExit(String name) {
        session.keepAfterExit(name);
    }

    @Override
    public boolean defined(String name) { return store.exists(name); }

    @Override
    public boolean gone(String name) { return !store.folderExists(name); }

    @Override
    public Path consoleLog(String name) { return store.consoleLog(name); }

    @Override
    public Optional<Path> localDiskFolder() { return Optional.of(store.root()); }

    @Override
    public String engine() { return "labs' own launcher"; }
}
