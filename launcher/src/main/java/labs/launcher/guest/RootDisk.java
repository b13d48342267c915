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
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;
import labs.common.ToolPath;

/**
 * The guest's read-only root file system: host binaries and their libraries at the paths the host loader uses,
 * busybox for everything else, and the agent as /sbin/labs-agent. It is an uncompressed squashfs image (see
 * {@link #makeImage}).
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
        // The root disk is read-only: init writes the name server there when the VM has a NIC.
        Files.createSymbolicLink(stage.resolve("etc/resolv.conf"), Path.of("/run/resolv.conf"));
    }

    /**
     * Makes the squashfs image with mksquashfs, which copies a folder into the image without root. Nothing is
     * compressed: the guest would pay for every block it reads with decompression under TCG, and the image
     * stays about the size of the tree (as the ext4 image before it did). squashfs rather than ext4 because the
     * guest then loads one small module (squashfs.ko, no dependencies) to mount its root instead of ext4 and
     * four helpers, the larger part of the launcher's boot overhead under TCG.
     */
    static void makeImage(Path stage, Path image) throws IOException, InterruptedException {
        Path mksquashfs = HostRunner.which("mksquashfs");
        if (mksquashfs == null) {
            throw new LabsException(Msg.get(LauncherText.RD_NO_MKSQUASHFS), Msg.get(LauncherText.RD_NO_MKSQUASHFS_WHY),
                    "apt-get install squashfs-tools");
        }
        List<String> argv = List.of(mksquashfs.toString(), ToolPath.of(stage), ToolPath.of(image), "-noappend",
                "-all-root", "-no-xattrs", "-no-exports", "-noI", "-noD", "-noF", "-noX", "-quiet", "-no-progress");
        ExecResult r = HostRunner.INSTANCE.exec(argv, Duration.ofMinutes(5));
        if (!r.ok()) {
            throw LabsException.failed(Msg.get(LauncherText.RD_FAILED), r.tail(5), null);
        }
    }
}
