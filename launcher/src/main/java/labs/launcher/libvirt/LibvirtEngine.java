package labs.launcher.libvirt;

import labs.common.i18n.Msg;
import labs.common.i18n.ProgressText;
import labs.common.i18n.LauncherText;
import labs.common.i18n.VmText;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import labs.common.DebianPackage;
import labs.common.LabsException;
import labs.common.Packages;
import labs.common.Progress;
import labs.launcher.AccelPlan;
import labs.launcher.AccelProbe;
import labs.launcher.BootPolicy;
import labs.launcher.DiskFormat;
import labs.launcher.Launcher;
import labs.launcher.MachineSpec;
import labs.launcher.RunningVm;
import labs.launcher.VmEngine;
import labs.launcher.VmSpec;
import labs.launcher.guest.GuestImage;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.vm.DiskTool;
import labs.launcher.vm.StorageCleaner;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmDisk;
import labs.launcher.vm.VmName;
import labs.launcher.vm.VmStatus;

/**
 * `labs vm --connect URI`: the VMs are libvirt domains, defined from the same {@link MachineSpec} as the built-in
 * launcher's (rendered by {@link LibvirtDomainXml}), so virsh, virt-manager and virt-clone see and drive them.
 * libvirt is the state: labs keeps no file of its own for them, and a domain is labs' when its XML carries labs'
 * metadata mark (a domain without it is never touched). Create and clone define the domain last, after its disks
 * exist, and remove those disks if anything fails (or the process is stopped), so a failed or interrupted run leaves
 * nothing defined.
 */
public final class LibvirtEngine implements VmEngine {
    /** What `virsh shutdown` (the ACPI power button) is given before the VM is destroyed. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);
    private final Virsh virsh;
    private final LibvirtStorage storage;
    private final LibvirtDomains domains;
    private final GuestImageBuilder images;
    private final AccelProbe probe;
    private final BootPolicy policy;
    private final Progress out;

    public LibvirtEngine(LibvirtUri uri, GuestImageBuilder images, AccelProbe probe, BootPolicy policy, Progress out) {
        Packages.require("labs vm --connect", List.of(DebianPackage.LIBVIRT_CLIENTS));
        this.virsh = new Virsh(uri);
        this.storage = new LibvirtStorage(virsh);
        this.domains = new LibvirtDomains(virsh);
        this.images = images;
        this.probe = probe;
        this.policy = policy;
        this.out = out;
        QemuUserKvm.warnIfBlocked(uri, out);   // else a misowned /dev/kvm shows only as every command hanging
    }

    @Override
    public String where() { return virsh.uri().text(); }

    @Override
    public VmDefinition create(VmSpec spec, Optional<Path> kernel) {
        try (NewDomain undo = new NewDomain(storage, virsh)) {
            Made m = make(spec, kernel, undo);
            undo.define(m.uuid(), m.xml());
            return m.definition();
        }
    }

    /**
     * A domain made but not defined: its XML and the volumes it uses.
     *
     * @param volumes the volumes made for it in labs' pool (root overlay, data disk)
     */
    record Made(UUID uuid, String xml, VmDefinition definition, List<Path> volumes) {}

    /** Checks everything, then makes the domain's volumes under undo (removed again unless undo is committed). */
    Made make(VmSpec spec, Optional<Path> kernel, NewDomain undo) {
        Launcher.check(spec);
        domains.refuseTaken(spec.name());
        AccelPlan plan = AccelPlan.decide(spec.accel(), probe);
        Path emulator = LibvirtEmulator.of(virsh, plan.accelerator());   // before anything is made there
        storage.ensurePool();
        out.progress("%s", Msg.get(ProgressText.CHECKING_IMAGE));
        GuestImage img = images.build(kernel);
        LibvirtStorage.Base base = storage.stage(img);
        UUID uuid = UUID.randomUUID();
        String ext = spec.diskFormat() == DiskFormat.RAW ? "raw" : "qcow2";
        Path root = undo.volume(spec.name() + "-root.qcow2",
                p -> storage.overlay(base, img, p));
        out.progress("%s", Msg.get(ProgressText.CREATING_DISK, spec.name(), spec.diskSizeMiB(), ext));
        Path data = undo.volume(spec.name() + "-data." + ext,
                p -> DiskTool.createDataDisk(p, spec.diskFormat(), spec.diskSizeMiB()));
        MachineSpec m = MachineSpec.builder(spec.name(), new GuestImage(base.kernel(), base.initrd(), root,
                        img.kernelRelease(), img.kernelSource(), img.cacheDir()))
                .uuid(uuid).vcpus(spec.vcpus()).memoryMiB(spec.memoryMiB()).cpuset(spec.cpuset()).accel(plan)
                .dataDisk(data, spec.diskFormat(), spec.cache())
                // libvirt owns the monitor and names the console and the agent's socket itself
                .agentSocket(Path.of("/dev/null")).qmpSocket(Path.of("/dev/null")).consoleLog(Path.of("/dev/null"))
                .network(spec.network()).build();
        VmDefinition def = new VmDefinition(spec.name(), uuid, spec.vcpus(), spec.cpuset(), spec.memoryMiB(),
                VmDisk.standalone(data, spec.diskFormat(), spec.diskSizeMiB(), spec.cache()),
                kernel.orElse(null), null, spec.accel(), spec.network(), OffsetDateTime.now().toString());
        return new Made(uuid, LibvirtDomainXml.of(m, emulator, base.rootDisk()), def, List.of(root, data));
    }

    Virsh virsh() { return virsh; }

    LibvirtStorage storage() { return storage; }

    LibvirtDomains domains() { return domains; }

    BootPolicy policy() { return policy; }

    Progress out() { return out; }

    @Override
    public RunningVm startDetached(String name) {
        LabsDomain d = domains.labs(name);
        if (domains.state(name).live()) {
            throw LabsException.usage(Msg.get(VmText.LV_ALREADY_RUNNING, name),
                    Msg.get(VmText.STOP_FIRST_SHUTDOWN, name + " --connect " + where()));
        }
        out.progress("%s", Msg.get(VmText.LV_STARTING, name, where()));
        virsh.run("start", name);
        return LibvirtRunningVm.await(virsh, domains.labs(name), policy.timeout(d.accelerator()), out);
    }

    /** The agent of a running labs domain (waiting for it while the guest still boots). */
    @Override
    public RunningVm attach(String name) {
        LabsDomain d = domains.labs(name);
        if (!domains.state(name).live() || d.agentSocket() == null) {
            throw LabsException.usage(Msg.get(VmText.NOT_RUNNING, name),
                    Msg.get(VmText.START_IT_FIRST, name + " --connect " + where()));
        }
        return LibvirtRunningVm.attach(virsh, d, policy.timeout(d.accelerator()));
    }

    @Override
    public List<VmStatus> list() {
        return domains.list();
    }

    @Override
    public String dumpXml(String name) {
        domains.labs(name);
        return virsh.run("dumpxml", name);
    }

    @Override
    public VmDefinition cloneVm(String src, String dst, boolean full) {
        if (virsh.uri().remote()) {
            throw LabsException.usage(Msg.get(VmText.LV_NO_REMOTE_CLONE, where()),
                    Msg.get(VmText.LV_NO_REMOTE_CLONE_FIX, src, dst));
        }
        VmName.check(dst);
        domains.labs(src);
        if (domains.state(src).live()) {
            throw new LabsException(Msg.get(VmText.CLONE_RUNNING, src), Msg.get(VmText.LV_CLONE_RUNNING_WHY),
                    Msg.get(VmText.STOP_FIRST_SHUTDOWN, src + " --connect " + where()));
        }
        domains.refuseTaken(dst);
        return new LibvirtCloner(virsh, storage, domains, out).cloneVm(src, dst, full);
    }

    @Override
    public boolean shutdown(String name) {
        domains.labs(name);
        if (!domains.state(name).live()) {
            return false;
        }
        virsh.run("shutdown", name);
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!domains.state(name).live()) {
                return true;
            }
            sleep();
        }
        out.warn("%s", Msg.get(VmText.LV_NOT_POWERED_OFF, name, SHUTDOWN_WAIT.toSeconds()));
        virsh.tryRun("destroy", name);
        return true;
    }

    @Override
    public boolean destroy(String name) {
        domains.labs(name);
        if (!domains.state(name).live()) {
            return false;
        }
        virsh.run("destroy", name);
        return true;
    }

    @Override
    public StorageCleaner.Report undefine(String name, boolean removeAllStorage) {
        LabsDomain d = domains.labs(name);
        if (domains.state(name).live()) {
            throw LabsException.usage(Msg.get(VmText.LV_RUNNING, name),
                    Msg.get(VmText.STOP_FIRST_DESTROY, name + " --connect " + where()));
        }
        if (removeAllStorage) {
            // Only the disks in labs' own pool: --remove-all-storage would also delete a volume of another pool
            // that someone attached to the domain later (virsh attach-disk), a file labs never made.
            PoolDisks disks = PoolDisks.of(storage.poolDir(), d.disks());
            if (disks.ours().isEmpty()) {
                virsh.run("undefine", name);
            } else {
                storage.refresh();   // libvirt deletes only the volumes it knows
                virsh.run("undefine", name, "--storage", disks.storageArgument());
            }
            return disks.report();
        }
        virsh.run("undefine", name);
        return new StorageCleaner.Report(List.of(), d.disks().stream().map(Path::toString).toList());
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed(Msg.get(LauncherText.INTERRUPTED), null, e);
        }
    }
}
