package labs.lab;

import java.nio.file.Path;
import java.util.Optional;
import labs.fio.NamedSide;
import labs.launcher.LabEngine;
import labs.launcher.RunningVm;
import labs.launcher.VmSpec;
import labs.launcher.vm.VmDefinition;

/**
 * One guest a lab defines for itself (see {@link LabRun#guest}): closing it stops it and removes it with its storage
 * (quietly when it is already gone: undefined by the lab, or by the exit hook after a Ctrl-C), unless the lab kept it.
 * Starting it records its accelerator, its kernel and the hypervisor that kernel saw in the run's meta.json.
 */
final class LabGuest implements AutoCloseable {
    private final LabRun run;
    private final LabEngine launcher;
    final String name;
    private boolean kept;
    private Path keptConsole;

    /** See {@link LabRun#guest}: the run's launcher defines it. */
    LabGuest(LabRun run, String name) {
        this.run = run;
        this.name = name;
        launcher = run.launcher;
    }

    /** Its console log is copied to file when it is removed, also by the exit hook (see Launcher.keepConsoleAt). */
    LabGuest keepConsoleAt(Path file) {
        launcher.keepConsoleAt(name, file);
        keptConsole = file;
        return this;
    }

    /** The running guest as the experiment's "guest" side, every step watched (see LabVms.watchedGuest). */
    NamedSide watched(RunningVm vm, String tryNext) {
        return LabVms.watchedGuest(launcher, vm, keptConsole, tryNext);
    }

    VmDefinition create(VmSpec spec) {
        return launcher.create(spec, Optional.empty());
    }

    /** A linked (or full) clone of source, as virt-clone makes it. */
    VmDefinition cloneOf(LabGuest source, boolean full) {
        return launcher.cloneVm(source.name, name, full);
    }

    /** Boots it until its agent is ready; meta.json then says which accelerator ran it, and why. */
    RunningVm start() {
        RunningVm vm = launcher.start(name);
        run.meta.accelerator = vm.accelerator().qemuName();
        run.meta.acceleratorReason = vm.acceleratorReason();
        run.meta.versions.put("guest kernel", vm.guestKernel());
        run.meta.versions.put("guest hypervisor", GuestHypervisor.of(vm));
        return vm;
    }

    /** Left defined after the run and after the process (vm-lifecycle --keep). */
    void keep() {
        kept = true;
        launcher.keepAfterExit(name);
    }

    @Override
    public void close() {
        if (!kept) {
            LabVms.remove(launcher, name);
        }
    }
}
