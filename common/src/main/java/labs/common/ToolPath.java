package labs.common;

import java.nio.file.Path;

/**
 * A file path as a positional argument of a host tool that has no quoting syntax of its own for it (mke2fs's
 * device, mksquashfs's source and destination, dpkg-deb -x's archive and folder). Passed as one argv entry, the
 * only way such a path can be misread is as an option (a name starting with '-'); an absolute path starts with
 * '/' and never is. Verified with mke2fs 1.47.0 and mksquashfs 4.5.1 on a folder named "a,b:c=d e".
 */
public final class ToolPath {
    private ToolPath() {}

    /** The absolute, normalized form of p as one argument. */
    public static String of(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }
}
