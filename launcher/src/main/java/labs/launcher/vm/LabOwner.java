package labs.launcher.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The labs process that made a lab's VM and whose life bounds it ({@value #FILE} in the VM folder: "PID TICKS").
 * A lab removes its VMs when it ends, and its exit hook does on Ctrl-C; after a kill -9 nothing runs, so the next
 * labs command finds this file, sees that process gone (pid and start time, as pids are reused) and reaps the VM.
 */
public record LabOwner(long pid, long startTicks) {
    public static final String FILE = "lab-owner";

    /** This labs process. */
    public static LabOwner current() {
        long pid = ProcessHandle.current().pid();
        return new LabOwner(pid, ProcessStat.startTicks(pid).orElse(-1L));
    }

    /** True while that very process (same pid, same start time) exists. */
    public boolean alive() {
        return ProcessStat.startTicks(pid).map(t -> t == startTicks).orElse(false);
    }

    /** Marks vmDir as bound to this owner; written before anything big goes into the folder. */
    public void writeTo(Path vmDir) {
        try {
            Files.writeString(vmDir.resolve(FILE), pid + " " + startTicks + "\n", StandardCharsets.UTF_8);
            // whatever the umask: StoreGuard refuses a lab-owner that group or others can write
            Files.setPosixFilePermissions(vmDir.resolve(FILE), java.nio.file.attribute.PosixFilePermissions
                    .fromString("rw-------"));
        } catch (IOException e) {
            throw new labs.common.LabsException("cannot write " + vmDir.resolve(FILE), e.toString(),
                    "check free space and permissions in " + vmDir);
        }
    }

    /** The owner recorded in vmDir (never through a link), or empty when the VM is not a lab's. */
    public static Optional<LabOwner> readFrom(Path vmDir) {
        Path f = vmDir.resolve(FILE);
        StoreGuard.checkFile(f, vmDir.getFileName().toString());
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            String[] w = Files.readString(f, StandardCharsets.UTF_8).strip().split("\\s+");
            return Optional.of(new LabOwner(Long.parseLong(w[0]), Long.parseLong(w[1])));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // unreadable or damaged: its owner cannot be alive under a marker nobody can read; treat it as gone
            return Optional.of(new LabOwner(-1, -1));
        }
    }

    /** The VM stays after its lab (vm-lifecycle --keep): it is the user's now. */
    public static void release(Path vmDir) {
        try {
            Files.deleteIfExists(vmDir.resolve(FILE));
        } catch (IOException e) {
            throw new labs.common.LabsException("cannot remove " + vmDir.resolve(FILE), e.toString(),
                    "remove that file by hand, or the next labs command will remove the VM");
        }
    }
}
