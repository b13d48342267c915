package labs.launcher.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import labs.common.LabsException;
import labs.launcher.remote.SshRunner;

/**
 * The host half's folder of a lab guest run through libvirt: NAME.host in the pool's folder (the filesystem of the
 * guest's disk, as io-compare needs), 0700, on the libvirt host (over the URI's ssh when it is remote). Made with the
 * guest, removed with it; one a labs killed with SIGKILL left is removed by the next lab on this machine once neither
 * its domain nor its volumes exist.
 */
final class HostFolders {
    static final String SUFFIX = ".host";
    private final Virsh virsh;
    private final Path poolDir;

    HostFolders(Virsh virsh, Path poolDir) {
        this.virsh = virsh;
        this.poolDir = poolDir;
    }

    Path of(String guest) { return poolDir.resolve(guest + SUFFIX); }

    Path make(String guest) {
        Path dir = of(guest);
        try {
            if (virsh.uri().remote()) {
                run(List.of("mkdir", "-m", "700", "--", dir.toString()));
            } else {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            return dir;
        } catch (IOException e) {
            throw LabsException.failed("cannot make the host half's folder " + dir, e.toString(), e);
        }
    }

    /** Never throws: a folder left behind is removed by a later lab's sweep. */
    void remove(String guest) {
        Path dir = of(guest);
        try {
            if (virsh.uri().remote()) {
                run(List.of("rm", "-rf", "--", dir.toString()));
            } else {
                deleteTree(dir);
            }
        } catch (IOException | RuntimeException e) {
            // left for the sweep
        }
    }

    /** Removes the folders of guests that are gone (a labs killed with SIGKILL): no domain and no volume of it. */
    void sweep() {
        if (virsh.uri().remote()) {
            return;
        }
        try (var dirs = Files.list(poolDir)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList()) {
                String guest = d.getFileName().toString();
                guest = guest.substring(0, guest.length() - SUFFIX.length());
                if (!virsh.tryRun("domstate", guest).ok() && !Files.exists(poolDir.resolve(guest + "-root.qcow2"))) {
                    deleteTree(d);
                }
            }
        } catch (IOException | RuntimeException e) {
            // nothing to sweep, or not now
        }
    }

    private void run(List<String> argv) throws IOException {
        try {
            var r = new SshRunner(virsh.uri().ssh()).exec(argv, Duration.ofMinutes(1));
            if (!r.ok()) {
                throw new IOException(String.join(" ", argv) + " on " + virsh.uri().ssh().display() + ": "
                        + r.stderr().strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
