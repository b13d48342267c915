package labs.launcher.guest;

import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import labs.common.Progress;

/**
 * The guest image cache's mechanics, apart from what goes in it ({@link GuestImageBuilder}): parts named by a hash
 * of their inputs, each built in a temp folder and renamed into place (a crash or a concurrent build never leaves a
 * half-written part that looks finished), checked against their manifest when reused, and swept when unused.
 */
final class GuestCache {
    private GuestCache() {}

    interface PartWriter {
        void write(Path dir) throws IOException, InterruptedException;
    }

    /**
     * The cache folder {@code name}, built by {@code writer} when absent or damaged (its files' sizes differ from
     * its manifest): into a temp folder beside it, with a manifest, renamed atomically; if another process won
     * the race, its part is kept and this one discarded.
     */
    static Path part(Path guestCache, String name, PartWriter writer, Progress out) throws IOException, InterruptedException {
        Path dir = guestCache.resolve(name);
        if (Files.isDirectory(dir)) {
            Optional<String> bad = PartManifest.damage(dir, false);
            if (bad.isEmpty()) {
                return dir;
            }
            if (Files.exists(dir.resolve(PartManifest.FILE))) {
                out.warn("%s", Msg.get(LauncherText.GC_DAMAGED, dir, bad.get()));
            } else {
                out.progress("%s", Msg.get(LauncherText.GC_REBUILD, dir, bad.get()));
            }
            ImageRepair.discard(dir);
        }
        Path tmp = Files.createTempDirectory(guestCache, ".tmp-" + name + "-");
        try {
            writer.write(tmp);
            PartManifest.write(tmp);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // built meanwhile by another labs process: same inputs, same content
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the cache folder does not support atomic rename: " + guestCache, e);
            }
        } finally {
            KernelSource.deleteTree(tmp);
        }
        return dir;
    }

    /** Parts not used by any build for this long are removed: a labs upgrade leaves old ones behind. */
    static final Duration UNUSED_PARTS_KEPT = Duration.ofDays(30);
    /** The folders sweepUnused may remove: labs' own, never anything else a user put in the cache. */
    static final Pattern GUEST_PARTS = Pattern.compile("(kernel|initrd|root|image|amdv)-[0-9a-f]{16}");
    static final Pattern UNPACKED_KERNELS = Pattern.compile("linux-image-[0-9][0-9A-Za-z.+~-]*");

    /**
     * Marks the parts just used (their folder's mtime is "last used") and removes parts nobody used for
     * {@link #UNUSED_PARTS_KEPT}. A VM starts through build(), so a part that old belongs to no running VM's
     * recent start; QEMU keeps its open files even then.
     */
    static void sweepUnused(Path dir, Pattern names, List<Path> used, Progress out) {
        // Housekeeping: a folder it cannot mark or remove (another user's, after a sudo run) never fails a build.
        java.nio.file.attribute.FileTime now = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis());
        for (Path p : used) {
            try {
                Files.setLastModifiedTime(p, now);
            } catch (IOException e) {
                out.debug("could not mark %s as used: %s", p, e);
            }
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        long cutoff = System.currentTimeMillis() - UNUSED_PARTS_KEPT.toMillis();
        List<Path> entries;
        try (var s = Files.list(dir)) {
            entries = s.filter(p -> names.matcher(p.getFileName().toString()).matches()
                    && Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
        } catch (IOException e) {
            out.debug("could not list %s: %s", dir, e);
            return;
        }
        for (Path p : entries) {
            try {
                if (!used.contains(p) && Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    out.debug("removing a cached guest part unused for %d days: %s", UNUSED_PARTS_KEPT.toDays(), p);
                    KernelSource.deleteTree(p);
                }
            } catch (IOException e) {
                out.debug("could not remove %s: %s", p, e);
            }
        }
    }

    /**
     * Temp folders of builds that never finished (labs killed with -9, a power cut). An hour is far longer
     * than a cold build, so a folder that old belongs to nobody.
     */
    static void removeAbandonedTemps(Path dir, Progress out) throws IOException {
        long cutoff = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        try (var s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
                if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    out.debug("removing an abandoned build folder %s", p);
                    KernelSource.deleteTree(p);
                }
            }
        }
    }

    /**
     * A short hex key over some strings and files. Files count by path, size and modification time (a package
     * upgrade changes both), or by content when {@code content} is set (the kernel, whose path can stay the
     * same while its bytes change).
     */
    static String hash(List<String> strings, List<Path> files, boolean content) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String s : strings) {
            md.update(s.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
        for (Path f : files) {
            md.update(f.toString().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            if (content) {
                md.update(Files.readAllBytes(f));
            } else {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                md.update((a.size() + ":" + a.lastModifiedTime().toMillis()).getBytes(StandardCharsets.UTF_8));
            }
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }
}
