package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import labs.common.Progress;

/**
 * Reaps what a killed lab left in the store: a VM folder marked with a {@link LabOwner} whose process is gone (kill
 * -9, OOM killer, power cut) is that lab's, and nobody else will ever remove it. Its qemu, should one still run
 * (started without setpriv, or by an older labs), is stopped first. Never fails the command that sweeps: what cannot
 * be reaped now is reported with the command that removes it, and tried again next time.
 */
public final class LabVmReaper {
    /** A folder whose lock is held is in use right now (its lab is unwinding, or a user command): leave it. */
    private static final Duration LOCK_WAIT = Duration.ofMillis(100);

    private LabVmReaper() {}

    /** Removes every VM folder of a lab that is no longer running; returns their names. */
    public static List<String> sweep(VmStore store, Progress out) {
        List<String> reaped = new ArrayList<>();
        for (Path dir : labFolders(store.root(), out)) {
            Optional<LabOwner> owner;
            try {
                owner = LabOwner.readFrom(dir);
            } catch (labs.common.LabsException e) {
                // a lab-owner another user can write is not trusted to say whose VM it is: leave the VM alone
                out.warn("%s", Msg.get(VmText.REAP_NOT_TRUSTED, dir, e.getMessage(), e.fix()));
                continue;
            }
            if (owner.isEmpty() || owner.get().alive()) {
                continue;
            }
            String name = dir.getFileName().toString();
            try {
                if (reap(store, dir, name, owner.get(), out)) {
                    reaped.add(name);
                }
            } catch (RuntimeException e) {
                if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;   // another labs command reaped it meanwhile
                }
                out.warn("%s", Msg.get(VmText.REAP_FAILED, dir, owner.get().pid(), e.getMessage(), name));
            }
        }
        return reaped;
    }

    private static boolean reap(VmStore store, Path dir, String name, LabOwner owner, Progress out) {
        if (VmLock.held(dir)) {
            return false;
        }
        try (VmLock lock = VmLock.acquire(dir, name, "remove it", LOCK_WAIT)) {
            if (LabOwner.readFrom(dir).filter(o -> !o.alive()).isEmpty()) {
                return false;   // kept (--keep) or re-owned since we looked
            }
            Optional<VmRuntime> rt = VmName.problem(name) == null ? store.runtime(name) : Optional.empty();
            if (rt.isPresent() && rt.get().processAlive() && isQemuOf(rt.get().pid(), dir)
                    && !VmStopper.kill(rt.get())) {
                throw new IllegalStateException("its qemu (pid " + rt.get().pid() + ") would not stop");
            }
            StorageCleaner.removeVmFolder(dir, List.of());
        }
        out.warn("%s", Msg.get(VmText.REAPED, name, owner.pid()));
        return true;
    }

    /**
     * The sweep runs unasked, on every labs command: it signals only a qemu whose command line names this folder,
     * never whatever pid a runtime.json (which a damaged or forged folder may hold) happens to name.
     */
    static boolean isQemuOf(long pid, Path dir) {
        try {
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
            String folder = dir.toAbsolutePath().normalize() + "/";
            // qemu's option syntax doubles a comma in a path
            return cmdline.contains("qemu-system")
                    && (cmdline.contains(folder) || cmdline.contains(folder.replace(",", ",,")));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Real folders (never links) directly in the store that carry a lab-owner mark; none when there is no store. */
    static List<Path> labFolders(Path root, Progress out) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> Files.isRegularFile(p.resolve(LabOwner.FILE), LinkOption.NOFOLLOW_LINKS))
                    .sorted().toList();
        } catch (IOException | RuntimeException e) {
            out.debug("lab VM sweep skipped: %s", e);
            return List.of();
        }
    }
}
