package labs.launcher;

import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;
import labs.common.i18n.VmText;
import labs.common.i18n.ProgressText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import labs.common.DebianPackage;
import labs.common.LabsException;
import labs.common.Packages;
import labs.common.Progress;
import labs.launcher.guest.GuestImage;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.vm.CloneMaker;
import labs.launcher.vm.DiskTool;
import labs.launcher.vm.NewVmFolder;
import labs.launcher.vm.StorageCleaner;
import labs.launcher.vm.VcpuPinner;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmDisk;
import labs.launcher.vm.VmLock;
import labs.launcher.vm.VmName;
import labs.launcher.vm.VmRuntime;
import labs.launcher.vm.VmStore;

/**
 * virt-install, virt-clone and virsh undefine on the VM store: what makes and removes a VM's folder and storage. A
 * new VM is made in a temp folder ({@link NewVmFolder}) and moved into place at the end, so an interrupted create or
 * clone leaves no half a VM; a lab's new VMs are registered with its {@link LabSession} the moment their folder is
 * made.
 *
 * <p>A record only to be short: its components are the collaborators the {@link Launcher} gives it.
 */
record VmProvisioner(VmStore store, GuestImageBuilder images, AccelProbe probe, LabSession session,
                     VmMachines machines, Progress out) {

    /** Defines a VM: checks everything first, then makes its folder, its ext4 data disk and resolves the guest image. */
    VmDefinition create(VmSpec spec, Optional<Path> kernel) {
        session.refuseWhenExiting(LauncherText.EXITING_NO_DEFINE, spec.name());
        check(spec);
        kernel.ifPresent(k -> {
            if (!Files.isRegularFile(k) || !Files.isReadable(k)) {
                throw LabsException.usage(Msg.get(VmText.KERNEL_NOT_READABLE, labs.common.Echo.of(k)),
                        Msg.get(VmText.KERNEL_NOT_READABLE_FIX));
            }
        });
        NewVmFolder.sweep(store, out);
        if (store.folderExists(spec.name())) {
            throw store.duplicate(spec.name());
        }
        Packages.require("labs vm create", List.of(DebianPackage.QEMU, DebianPackage.QEMU_UTILS,
                DebianPackage.E2FSPROGS));
        // Made in a temp folder and moved into place at the end: an interrupted create leaves no half a VM.
        try (NewVmFolder folder = session.newFolder(spec.name());
             VmLock lock = VmLock.acquire(folder.path(), spec.name(), "create it", VmStore.LOCK_WAIT)) {
            Path disk = store.diskPath(spec.name(), spec.diskFormat());
            out.progress(ProgressText.CREATING_DISK,
                    spec.name(), spec.diskSizeMiB(), spec.diskFormat().qemuName());
            DiskTool.createDataDisk(folder.staged(disk), spec.diskFormat(), spec.diskSizeMiB());
            out.progress(ProgressText.CHECKING_IMAGE);
            GuestImage img = images.build(kernel);
            VmDefinition def = new VmDefinition(spec.name(), UUID.randomUUID(), spec.vcpus(), spec.cpuset(),
                    spec.memoryMiB(), VmDisk.standalone(disk, spec.diskFormat(), spec.diskSizeMiB(), spec.cache()),
                    kernel.map(p -> p.toAbsolutePath()).orElse(null), null, spec.accel(), spec.network(),
                    OffsetDateTime.now().toString());
            AccelPlan plan = AccelPlan.decide(spec.accel(), probe);
            def = def.withImage(VmMachines.imageRef(machines.machine(def, img, plan), img));
            // interrupted while the disk was made: no half a VM
            session.refuseWhenExiting(LauncherText.EXITING_NO_DEFINE, spec.name());
            session.commit(folder, def);
            return def;
        } finally {
            session.forgetFinishedFolders();
        }
    }

    /** The usage checks of create, for callers that must refuse bad input before they make anything (a lab). */
    static void check(VmSpec spec) {
        VmName.check(spec.name());
        MachineSpec.checkVcpus(spec.vcpus());
        MachineSpec.checkMemory(spec.memoryMiB());
        HostMemory.check(spec.memoryMiB(), HostMemory.totalMiB());
        if (spec.diskSizeMiB() < 16) {
            throw LabsException.usage(Msg.get(VmText.DISK_TOO_SMALL, spec.diskSizeMiB()),
                    Msg.get(VmText.DISK_TOO_SMALL_FIX, VmSpec.DEFAULT_DISK_MIB));
        }
        VcpuPinner.check(spec.cpuset());
    }

    /** virt-clone: refused while the source runs (its disk is being written). */
    VmDefinition cloneVm(String src, String dst, boolean full) {
        session.refuseWhenExiting(LauncherText.EXITING_NO_CLONE, dst);
        VmName.check(src);
        VmName.check(dst);
        if (!store.exists(src)) {
            throw store.noSuchVm(src);
        }
        NewVmFolder.sweep(store, out);
        if (store.folderExists(dst)) {
            throw store.duplicate(dst);
        }
        Packages.require("labs vm clone", List.of(DebianPackage.QEMU_UTILS));
        try (VmLock lock = VmLock.acquire(store.dir(src), src, "clone it", VmStore.LOCK_WAIT)) {
            VmDefinition def = store.load(src);
            Optional<VmRuntime> rt = store.liveRuntime(src);
            if (rt.isPresent()) {
                throw new LabsException(Msg.get(VmText.CLONE_RUNNING, src), Msg.get(VmText.CLONE_RUNNING_WHY),
                        Msg.get(VmText.STOP_FIRST_SHUTDOWN, src));
            }
            try (NewVmFolder dstFolder = session.newFolder(dst);
                 VmLock dstLock = VmLock.acquire(dstFolder.path(), dst, "create it", VmStore.LOCK_WAIT)) {
                out.progress(full ? ProgressText.CLONE_FULL : ProgressText.CLONE_LINKED, src, dst);
                CloneMaker.Result r = CloneMaker.clone(store, def, dst, dstFolder, full);
                session.refuseWhenExiting(LauncherText.EXITING_NO_CLONE, dst);
                session.commit(dstFolder, r.copy());
                out.progress("%s", r.note());
                return r.copy();
            } finally {
                session.forgetFinishedFolders();
            }
        }
    }

    /** virsh undefine (see {@link labs.launcher.vm.VmUndefiner}); the console is kept first where a lab asked. */
    StorageCleaner.Report undefine(String name, boolean removeAllStorage) {
        return session.undefine(name, removeAllStorage, VmStore.LOCK_WAIT);
    }
}
