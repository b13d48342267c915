package labs.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The block device under a path, in words for the conditions: "vda (model, non-rotational, ext4)". */
final class HostDisk {
    private HostDisk() {}

    static String of(Path path) {
        try {
            long d = ((Number) Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS)).longValue();
            String fs = Files.getFileStore(path).type();
            String majMin = ((d >> 8) & 0xfff) + ":" + ((d & 0xff) | ((d >> 12) & 0xfff00));
            Path sys = Path.of("/sys/dev/block", majMin);
            if (!Files.exists(sys)) {
                return "device " + majMin + " (" + fs + ")";   // an overlay or network filesystem: no block device
            }
            Path real = sys.toRealPath();
            Path disk = Files.exists(real.resolve("partition")) ? real.getParent() : real;
            String name = disk.getFileName().toString();
            String model = read(disk.resolve("device/model"));
            String rot = read(disk.resolve("queue/rotational"));
            return name + " (" + (model.isEmpty() ? "" : model + ", ")
                    + ("1".equals(rot) ? "rotational" : "0".equals(rot) ? "non-rotational" : "rotational unknown")
                    + ", " + fs + ")";
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
