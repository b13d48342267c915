package labs.launcher.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount points of this process's mount namespace, from /proc/self/mountinfo. A bind mount of a folder from the
 * same file system keeps its device number, so comparing st_dev alone does not see it; the mount table does.
 */
final class MountPoints {
    private MountPoints() {}

    /** Mount points that are {@code realDir} or lie below it (real paths, as the kernel lists them). */
    static List<Path> atOrUnder(Path realDir) throws IOException {
        List<Path> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            Path m = mountPoint(line);
            if (m != null && m.startsWith(realDir) && !found.contains(m)) {
                found.add(m);
            }
        }
        return found;
    }

    /** Field 5 of a mountinfo line, with the kernel's octal escapes (\040 for a space...) decoded. */
    static Path mountPoint(String line) {
        String[] f = line.split(" ");
        if (f.length < 5) {
            return null;
        }
        return Path.of(unescape(f[4]));
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
