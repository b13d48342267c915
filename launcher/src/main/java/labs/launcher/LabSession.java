package labs.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import labs.common.LabsException;
import labs.common.i18n.Msg;
import labs.common.i18n.ProgressText;
import labs.common.i18n.LauncherText;
import labs.common.Progress;
import labs.common.Ui;
import labs.launcher.vm.LabOwner;
import labs.launcher.vm.LaunchedVm;
import labs.launcher.vm.NewVmFolder;
import labs.launcher.vm.StorageCleaner;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmLock;
import labs.launcher.vm.VmStore;
import labs.launcher.vm.VmUndefiner;

/**
 * What this labs process owns, and what happens to it when the process ends: the VMs it started (shut down at exit,
 * also on Ctrl-C), the qemu processes still booting (killed), the temp folders of creates and clones under way
 * (removed), and, for a lab ({@link #enterLab}), every VM it defined or cloned (undefined with its storage, newest
 * first). The exit hook is installed once, by the first start or lab.
 */
final class LabSession {
    /**
     * How long the exit hook waits for a VM's lock: the lab's thread, still running while the JVM exits, may hold
     * it while it unwinds from the VM the hook just stopped. Bounded, so that an exit never hangs.
     */
    private static final Duration EXIT_LOCK_WAIT = Duration.ofSeconds(15);
    private final VmStore store;
    private final Progress out;
    private final Set<LaunchedVm> owned = ConcurrentHashMap.newKeySet();
    private final Set<Process> booting = ConcurrentHashMap.newKeySet();
    /** When set, every VM this launcher defines or clones lives only as long as the process. */
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

    LabSession(VmStore store, Progress out) {
        this.store = store;
        this.out = out;
    }

    /** From now on every VM defined or cloned is the lab's: removed at exit unless {@link #keepAfterExit}. */
    void enterLab() {
        labOwned = true;
        labs.common.Interrupts.labRunning();
        installHook();
    }

    boolean exiting() {
        return exiting;
    }

    /** Nothing new once the exit hook runs: it has already stopped and removed what this process owned. */
    void refuseWhenExiting(LauncherText refusal, String name) {
        if (exiting) {
            throw new LabsException(Msg.get(refusal, name), Msg.get(LauncherText.EXITING_WHY), null);
        }
    }

    // ---- new VM folders ----------------------------------------------------------------------------------------

    /** A new VM's temp folder; the exit hook removes it should the process end before it is moved into place. */
    NewVmFolder newFolder(String name) {
        NewVmFolder f = NewVmFolder.create(store, name);
        tempFolders.add(f.path());
        madeFolder(name, f.path());   // the lab's mark moves into place with the folder
        return f;
    }

    /**
     * Moves a new VM into place. Should another process have taken the name meanwhile, the name is no longer this
     * process's to remove at exit: that VM is someone else's.
     */
    void commit(NewVmFolder folder, VmDefinition def) {
        try {
            folder.commit(def);
        } catch (LabsException e) {
            removeAtExit.remove(def.name());
            throw e;
        }
    }

    /** Forgets the temp folders that are gone (moved into place, or removed when their create failed). */
    void forgetFinishedFolders() {
        tempFolders.removeIf(f -> !Files.exists(f, LinkOption.NOFOLLOW_LINKS));
    }

    /** A lab's VM folder is marked with this process at once: after a kill -9 the next labs command reaps it. */
    private void madeFolder(String name, Path dir) {
        if (labOwned) {
            removeAtExit.add(name);
            LabOwner.current().writeTo(dir);
        }
    }

    /** Keeps one of a lab's VMs after the process ends (vm-lifecycle --keep). */
    void keepAfterExit(String name) {
        removeAtExit.remove(name);
        LabOwner.release(store.dir(name));
    }

    // ---- console keeping, undefine -----------------------------------------------------------------------------

    void keepConsoleAt(String name, Path file) {
        consoleKeptAt.put(name, file);
    }

    /** Undefines a VM, first copying its console where {@link #keepConsoleAt} asked (see {@link VmUndefiner}). */
    StorageCleaner.Report undefine(String name, boolean removeAllStorage, Duration lockWait) {
        return new VmUndefiner(store).undefine(name, removeAllStorage, lockWait, () -> saveConsole(name));
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
            out.warn("%s", Msg.get(LauncherText.CONSOLE_NOT_KEPT, to, e));
        }
    }

    // ---- VMs and boots of this process -------------------------------------------------------------------------

    /** A VM this process started and still runs, by name. */
    Optional<LaunchedVm> owned(String name) {
        for (LaunchedVm vm : owned) {
            if (vm.name().equals(name)) {
                return Optional.of(vm);
            }
        }
        return Optional.empty();
    }

    void own(LaunchedVm vm) {
        owned.add(vm);
    }

    /** What a VM calls when it has stopped: no longer this process's to stop at exit. */
    void disown(LaunchedVm vm) {
        owned.remove(vm);
    }

    void booting(Process qemu) {
        booting.add(qemu);
    }

    void booted(Process qemu) {
        booting.remove(qemu);
    }

    // ---- the exit hook -----------------------------------------------------------------------------------------

    void installHook() {
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
            System.err.println(Ui.ELLIPSIS + " " + Msg.get(LauncherText.EXIT_STOPPING,
                    String.join(", ", vms.stream().map(LaunchedVm::name).toList())));
        }
        vms.parallelStream().forEach(vm -> {
            try {
                vm.stopOnExit();
            } catch (RuntimeException e) {
                System.err.println(warning(Msg.get(LauncherText.EXIT_CANNOT_STOP, vm.name(), e.getMessage())));
            }
        });
        for (Path temp : tempFolders) {
            try {
                StorageCleaner.removeVmFolder(temp, List.of()); // a create or clone cut short: never a whole VM
            } catch (RuntimeException e) {
                System.err.println(warning(Msg.get(LauncherText.EXIT_CANNOT_REMOVE, temp, e.getMessage())));
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
            System.err.println(warning(Msg.get(LauncherText.EXIT_NOT_REMOVING, name, e.getMessage())));
            return;
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        System.err.println(Ui.ELLIPSIS + " " + Msg.get(LauncherText.EXIT_REMOVING, name));
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
                System.err.println(warning(Msg.get(LauncherText.EXIT_VM_NOT_REMOVED, name, e.getMessage(),
                        "labs vm destroy " + name + "; labs vm undefine " + name + " --remove-all-storage")));
            }
        }
    }

    /** A line of the exit hook that warns, as Ui.warn starts it ("warning: " in English). */
    private static String warning(String text) {
        return Msg.get(ProgressText.WARNING) + ": " + text;
    }
}
