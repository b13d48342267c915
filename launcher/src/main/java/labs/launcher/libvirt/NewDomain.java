package labs.launcher.libvirt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import labs.common.LabsException;
import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;

/**
 * A domain being made (create or clone), all or nothing: its volumes are linked into the pool and the domain is
 * defined under this object's lock, and anything not committed is undone on close, also when the process is stopped
 * half way (Ctrl-C, SIGTERM) through a shutdown hook that takes the same lock. So a stop either comes before the
 * define (which is then refused) or after it (the domain, found by its UUID, is undefined again): a run that dies
 * leaves nothing defined, and no volume no domain uses. (A kill -9 runs no hook: it can leave a volume, never a
 * domain, since the define is the last step.)
 */
final class NewDomain implements AutoCloseable {
    private final LibvirtStorage storage;
    private final Virsh virsh;
    private final List<Path> made = new ArrayList<>();
    private final Thread hook;
    private UUID defined;
    private boolean committed;
    private boolean cancelled;

    NewDomain(LibvirtStorage storage, Virsh virsh) {
        this.storage = storage;
        this.virsh = virsh;
        this.hook = new Thread(this::undo, "labs-libvirt-undo");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A new volume made by make, then linked into the pool (exit 2 if its name is taken). */
    Path volume(String name, Consumer<Path> make) {
        Path prepared = storage.prepare(name, make);
        try {
            synchronized (this) {
                refuseIfCancelled();
                Path linked = storage.link(prepared);
                made.add(linked);
                return linked;
            }
        } finally {
            storage.discard(prepared);
        }
    }

    /** Tells libvirt about the volumes, defines the domain and commits: from now on nothing is undone. */
    synchronized void define(UUID uuid, String xml) {
        refuseIfCancelled();
        storage.refresh();
        defined = uuid;
        virsh.define(xml);
        committed = true;
    }

    /** Commits without a define: the volumes are now the caller's (a lab's transient domain, which removes them). */
    synchronized void keepUndefined() {
        refuseIfCancelled();
        committed = true;
    }

    private void refuseIfCancelled() {
        if (cancelled) {
            throw LabsException.failed(Msg.get(LauncherText.LV_STOPPED_MAKING), Msg.get(LauncherText.LV_NOTHING_DEFINED), null);
        }
    }

    private synchronized void undo() {
        if (committed || cancelled) {
            return;
        }
        cancelled = true;
        if (defined != null) {
            try {
                virsh.tryRun("undefine", defined.toString());   // by UUID: only the domain made here
            } catch (RuntimeException unreachable) {
                // the daemon went away: then the define did not go through either
            }
        }
        storage.remove(made);
        made.clear();
    }

    @Override
    public void close() {
        undo();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // the hook is running or has run: it does the same
        }
    }
}
