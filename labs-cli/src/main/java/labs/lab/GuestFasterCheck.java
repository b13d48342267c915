package labs.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import labs.common.CommandRunner;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.launcher.CacheMode;

/**
 * A guest measurably faster than the host it runs on is an artefact until shown otherwise. This looks for the
 * known causes while the guest still runs and says, for each, whether it was found: the host page cache under
 * --cache writeback; the guest's disk image on another device or filesystem than the host's test file; a sparse
 * test file (holes read as zeros without touching the disk) or one already in the host's page cache; a larger
 * read-ahead in the guest. Each sentence starts with "found:" or "not found:".
 */
final class GuestFasterCheck {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private final CacheMode cache;
    private final Path hostFile;
    private final Path guestDisk;
    private final CommandRunner guest;
    private final String guestFile;

    GuestFasterCheck(CacheMode cache, Path hostFile, Path guestDisk, CommandRunner guest, String guestFile) {
        this.cache = cache;
        this.hostFile = hostFile;
        this.guestDisk = guestDisk;
        this.guest = guest;
        this.guestFile = guestFile;
    }

    List<String> run() throws InterruptedException {
        List<String> out = new ArrayList<>();
        out.add(cache == CacheMode.WRITEBACK
                ? "found: --cache writeback: the host page cache holds the guest's disk image, so the guest's reads "
                        + "can come from host memory and its writes return before they reach the disk"
                : "not found: host page cache (--cache none: QEMU opens the image with O_DIRECT)");
        out.add(sameDevice());
        out.add(sparse("host", HostRunner.INSTANCE, hostFile.toString()));
        out.add(sparse("guest", guest, guestFile));
        out.add(hostCached());
        out.add(readAhead());
        return out;
    }

    private String sameDevice() {
        try {
            Object a = Files.getAttribute(hostFile, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            Object b = Files.getAttribute(guestDisk, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            String fa = Files.getFileStore(hostFile).type();
            String fb = Files.getFileStore(guestDisk).type();
            return a.equals(b) ? "not found: another device (the host's test file and the guest's disk image are both "
                    + "on device " + a + ", " + fa + ")"
                    : "found: another device: the host's test file is on device " + a + " (" + fa + "), the guest's "
                    + "disk image on " + b + " (" + fb + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown: whether the guest's disk is on the host file's device (" + e.getMessage() + ")";
        }
    }

    /** Allocated bytes against the size, through stat(1) on that side (busybox's in the guest). */
    private String sparse(String name, CommandRunner side, String file) throws InterruptedException {
        try {
            ExecResult r = side.exec(List.of("stat", "-c", "%b %B %s", file), LIMIT);
            String[] f = r.stdout().strip().split("\\s+");
            if (!r.ok() || f.length != 3) {
                return "unknown: whether the " + name + "'s test file is sparse (stat: " + r.tail(1).strip() + ")";
            }
            long allocated = Long.parseLong(f[0]) * Long.parseLong(f[1]);
            long size = Long.parseLong(f[2]);
            return allocated < size * 0.95 ? String.format(Locale.ROOT, "found: the %s's test file is sparse "
                    + "(%d of %d MiB allocated): its holes read as zeros without touching the disk", name,
                    allocated >> 20, size >> 20)
                    : String.format(Locale.ROOT, "not found: sparse %s test file (%d of %d MiB allocated)", name,
                    allocated >> 20, size >> 20);
        } catch (IOException | NumberFormatException e) {
            return "unknown: whether the " + name + "'s test file is sparse (" + e.getMessage() + ")";
        }
    }

    /** fincore(1) (util-linux) says how much of the host's file sits in its page cache. */
    private String hostCached() throws InterruptedException {
        try {
            ExecResult r = HostRunner.INSTANCE.exec(List.of("fincore", "--bytes", "--noheadings", "--output", "RES",
                    hostFile.toString()), LIMIT);
            long res = Long.parseLong(r.stdout().strip());
            return res > 16L << 20 ? "found: " + (res >> 20) + " MiB of the host's test file are in its page cache "
                    + "(the jobs use O_DIRECT, which should bypass it)"
                    : "not found: host test file in the page cache (" + (res >> 20) + " MiB resident)";
        } catch (IOException | NumberFormatException e) {
            return "unknown: whether the host's test file is cached (fincore: " + e.getMessage() + ")";
        }
    }

    /** read_ahead_kb of the host file's device against the guest's virtio disks. */
    private String readAhead() throws InterruptedException {
        try {
            Object dev = Files.getAttribute(hostFile, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            long d = ((Number) dev).longValue();
            String majMin = ((d >> 8) & 0xfff) + ":" + ((d & 0xff) | ((d >> 12) & 0xfff00));
            Path q = Path.of("/sys/dev/block", majMin, "queue/read_ahead_kb");
            if (!Files.exists(q)) {
                q = Path.of("/sys/dev/block", majMin, "../queue/read_ahead_kb");   // a partition: its disk's queue
            }
            long host = Long.parseLong(Files.readString(q).strip());
            ExecResult r = guest.exec(List.of("sh", "-c", "cat /sys/block/vd*/queue/read_ahead_kb"), LIMIT);
            long guestMax = r.stdout().lines().map(String::strip).filter(l -> l.matches("\\d+"))
                    .mapToLong(Long::parseLong).max().orElse(-1);
            if (guestMax < 0) {
                return "unknown: the guest's read-ahead (" + r.tail(1).strip() + ")";
            }
            return guestMax > host ? "found: a larger read-ahead in the guest (" + guestMax + " KiB against the "
                    + "host's " + host + " KiB; it matters only to buffered reads, the jobs use O_DIRECT)"
                    : "not found: a larger read-ahead in the guest (" + guestMax + " KiB, host " + host + " KiB)";
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            return "unknown: read-ahead (" + e.getMessage() + ")";
        }
    }

    /** The summary's sentence: which known causes were found, or that none was. */
    static String verdict(List<String> findings) {
        List<String> found = findings.stream().filter(f -> f.startsWith("found: ")).map(f -> f.substring(7)).toList();
        return found.isEmpty() ? "the guest came out faster than the host and none of the known causes was found "
                + "(host page cache, another device, a sparse or cached file, read-ahead): treat the figure with care"
                : "the guest came out faster than the host; known causes found: " + String.join("; ", found);
    }
}
