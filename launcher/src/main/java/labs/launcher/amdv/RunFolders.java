package labs.launcher.amdv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import labs.common.Progress;

/**
 * One folder per boot of the emulated machine, under DATA/amdv/ (the VM store's data folder, on a real disk: the
 * scratch disk image can grow to gigabytes): control files, console log and scratch disk, removed when the run
 * ends. A labs killed with -9 cannot remove its own; the next run removes every folder no qemu names any more.
 */
public final class RunFolders {
    private final Path root;

    public RunFolders(Path dataRoot) {
        this.root = dataRoot.resolve("amdv");
    }

    /** A new folder, mode 0700, after removing what killed runs left. */
    public Path create(Progress out) throws IOException {
        Files.createDirectories(root);
        sweep(out);
        return Files.createTempDirectory(root, "run-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private void sweep(Progress out) throws IOException {
        List<String> commandLines = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("qemu-system")).toList();
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.filter(p -> p.getFileName().toString().startsWith("run-")
                    && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                if (commandLines.stream().noneMatch(c -> c.contains(d.toString()))
                        && Files.getLastModifiedTime(d).toMillis() < System.currentTimeMillis() - 60_000) {
                    out.progress("%s", labs.common.i18n.Msg.get(labs.common.i18n.LabText.AMDV_REMOVING_LEFT, d));
                    delete(d);
                }
            }
        }
    }

    /** Removes the folder and what is in it (no links are followed: Files.walk does not follow them). */
    public static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
