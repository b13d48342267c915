package labs.launcher.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.LabsException;

/**
 * The guest's read-only root file system: host binaries and their libraries at the paths the host loader uses,
 * busybox for everything else, and the agent as /sbin/labs-agent. It is an ext4 image made by
 * {@code mke2fs -d}, which copies a folder into the new file system without root or a loop mount.
 */
public final class RootDisk {
    /** Folders that exist empty on the root disk: mount points and the agent's working places. */
    static final List<String> EMPTY_DIRS = List.of("proc", "sys", "dev", "tmp", "run", "data", "root", "etc", "sbin");

    private RootDisk() {}

    /**
     * Fills {@code stage} with the tree of the root disk.
     *
     * @param files host files (binaries, libraries, loader) copied to the same path in the guest
     */
    static void stage(Path stage, Path busybox, List<String> busyboxApplets, Collection<Path> files,
                      String agentScript) throws IOException {
        for (String d : EMPTY_DIRS) {
            Files.createDirectories(stage.resolve(d));
        }
        Set<String> libDirs = new TreeSet<>();
        for (Path f : files) {
            Path target = stage.resolve(f.toString().substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            if (f.getFileName().toString().contains(".so")) {
                libDirs.add(f.getParent().toString());
            }
        }
        Path bin = Files.createDirectories(stage.resolve("bin"));
        Files.copy(busybox, bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(bin.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String applet : busyboxApplets) {
            // The real tools win over busybox's look-alikes: only names nobody else provides become links.
            if (!applet.equals("busybox") && files.stream().noneMatch(f -> f.getFileName().toString().equals(applet))) {
                Path link = bin.resolve(applet);
                if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, Path.of("busybox"));
                }
            }
        }
        Files.createDirectories(stage.resolve("usr/bin"));
        Files.createDirectories(stage.resolve("usr/sbin"));
        String script = agentScript.replace("@LD_LIBRARY_PATH@", String.join(":", libDirs));
        Path agent = stage.resolve("sbin/labs-agent");
        Files.writeString(agent, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(stage.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(stage.resolve("etc/group"), "root:x:0:\n");
    }

    /** Makes the ext4 image: sized to the tree plus room for metadata, no journal (it is mounted read-only). */
    static void makeImage(Path stage, Path image) throws IOException, InterruptedException {
        long bytes;
        try (Stream<Path> s = Files.walk(stage)) {
            bytes = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return (Files.size(p) + 4095) / 4096 * 4096;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
        long mib = bytes / (1024 * 1024) * 12 / 10 + 16;
        Path mke2fs = HostRunner.which("mke2fs");
        if (mke2fs == null) {
            throw new LabsException("mke2fs is not installed", "the guest's root disk is an ext4 image made by mke2fs",
                    "apt-get install e2fsprogs");
        }
        List<String> argv = List.of(mke2fs.toString(), "-q", "-F", "-t", "ext4", "-O", "^has_journal", "-m", "0",
                "-L", "labs-root", "-d", stage.toString(), "-E", "root_owner=0:0", image.toString(), mib + "M");
        ExecResult r = HostRunner.INSTANCE.exec(argv, Duration.ofMinutes(5));
        if (!r.ok()) {
            throw LabsException.failed("mke2fs could not make the guest's root disk", r.tail(5), null);
        }
    }
}
