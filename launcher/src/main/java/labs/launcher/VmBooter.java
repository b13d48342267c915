package labs.launcher;

import labs.common.i18n.LauncherText;
import labs.common.i18n.VmText;
import labs.common.i18n.ProgressText;
import labs.common.i18n.ErrorText;
import labs.common.i18n.Msg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import labs.common.DebianPackage;
import labs.common.LabsException;
import labs.common.Packages;
import labs.common.Progress;
import labs.launcher.guest.GuestImage;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.guest.ImageRepair;
import labs.launcher.vm.ImageRef;
import labs.launcher.vm.LaunchedVm;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmLock;
import labs.launcher.vm.VmName;
import labs.launcher.vm.VmRuntime;
import labs.launcher.vm.VmStore;

/**
 * virsh start: a defined VM booted until its agent answers. The guest boots from the image it used last while that
 * image is checked beside it (restarted on a new image when the check finds one, rebuilt when a boot failed on a
 * damaged one); under AUTO a KVM boot that does not become ready is tried again under TCG. Each boot is a
 * {@link QemuBoot}.
 *
 * <p>A record only to be short: its components are the collaborators the {@link Launcher} gives it.
 */
record VmBooter(VmStore store, GuestImageBuilder images, AccelProbe probe, BootPolicy policy, LabSession session,
                QemuBoot qemu, Progress out) {

    /** @param ownIt the VM is stopped when this process exits (a lab's), else it outlives it (`labs vm start`) */
    LaunchedVm start(String name, boolean ownIt) {
        session.refuseWhenExiting(LauncherText.EXITING_NO_START, name);
        BootTimeout.fromEnv();   // a bad value stops here, before anything is started
        VmName.check(name);
        if (!store.exists(name)) {
            throw store.noSuchVm(name);
        }
        Packages.require("starting a VM", List.of(DebianPackage.QEMU));
        session.installHook();
        try (VmLock lock = VmLock.acquire(store.dir(name), name, "start it", VmStore.LOCK_WAIT)) {
            VmDefinition def = store.load(name);
            Optional<VmRuntime> old = store.liveRuntime(name);
            if (old.isPresent()) {
                throw LabsException.usage(Msg.get(ErrorText.VM_ALREADY_RUNNING, name, old.get().pid()),
                        Msg.get(ErrorText.VM_ALREADY_RUNNING_FIX, name));
            }
            store.clearRuntime(name);
            MachineSpec.checkSocketPath(store.qmpSocket(name));
            MachineSpec.checkSocketPath(store.agentSocket(name));
            return bootChecked(def, ownIt);
        } catch (BootFailure f) {
            throw f.error;
        }
    }

    /**
     * The image check (hashing the inputs, ~0.5 s) runs while the guest boots from the image this VM used last
     * time: cache folders are named by content, so those files never change under a running guest. If the check
     * finds the image has changed (new kernel or tools), the guest is restarted on the new one.
     */
    private LaunchedVm bootChecked(VmDefinition def, boolean ownIt) {
        String name = def.name();
        Optional<Path> kernel = Optional.ofNullable(def.kernelOverride());
        long c0 = System.nanoTime();
        CompletableFuture<GuestImage> check = CompletableFuture.supplyAsync(() -> {
            GuestImage built = images.build(kernel);
            out.debug("guest image check: %.3f s", (System.nanoTime() - c0) / 1e9);
            return built;
        });
        Optional<GuestImage> recorded = recordedImage(def);
        if (recorded.isEmpty()) {
            out.progress(ProgressText.CHECKING_IMAGE_SHORT);
        }
        GuestImage img = recorded.orElseGet(() -> joinImage(check));
        AccelPlan plan = AccelPlan.decide(def.accel(), probe);
        LaunchedVm vm;
        try {
            vm = bootWithFallback(def, img, plan, ownIt);
        } catch (BootFailure f) {
            return bootAfterFailure(def, img, plan, ownIt, check, f);
        }
        GuestImage current;
        try {
            current = joinImage(check);
        } catch (LabsException e) {
            vm.stopOnExit();
            throw e;
        }
        if (!sameFiles(current, img)) {
            out.warn("%s", Msg.get(VmText.IMAGE_CHANGED_RESTART, name, current.kernelSource()));
            vm.stopOnExit();
            vm = bootWithFallback(def, current, plan, ownIt);
        }
        return vm;
    }

    /** A boot from the recorded image failed: once more on the checked image, repaired if it was damaged. */
    private LaunchedVm bootAfterFailure(VmDefinition def, GuestImage img, AccelPlan plan, boolean ownIt,
                                        CompletableFuture<GuestImage> check, BootFailure f) {
        String name = def.name();
        GuestImage current = joinImage(check);
        if (sameFiles(current, img)) {
            // A boot can fail on a damaged cache file of the same size: hashed in full only now.
            String damaged = ImageRepair.discardDamaged(current).orElseThrow(() -> f);
            out.warn("%s", Msg.get(VmText.IMAGE_DAMAGED_REBUILT, name, damaged));
            current = images.build(Optional.ofNullable(def.kernelOverride()));
        } else {
            out.warn("%s", Msg.get(VmText.IMAGE_CHANGED, name));
        }
        return bootWithFallback(def, current, plan, ownIt);
    }

    /** Boots with the planned accelerator; under AUTO a KVM boot that fails is retried under TCG, with a warning. */
    private LaunchedVm bootWithFallback(VmDefinition def, GuestImage img, AccelPlan plan, boolean ownIt) {
        try {
            return qemu.boot(def, img, plan, policy.timeout(plan.accelerator()), ownIt);
        } catch (BootFailure f) {
            AccelPlan tcg = plan.fallback().orElseThrow(() -> f);
            out.warn(ProgressText.KVM_RETRY_TCG,
                    f.error.getMessage());
            return qemu.boot(def, img, tcg, policy.timeout(tcg.accelerator()), ownIt);
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
            throw LabsException.failed(Msg.get(LauncherText.IMAGE_NOT_CHECKED), String.valueOf(e.getCause()), e);
        }
    }
}
