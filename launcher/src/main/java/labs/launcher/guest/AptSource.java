package labs.launcher.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which apt to ask for a distro kernel package: the host's own (what labs uses), or apt pointed at other lists
 * with {@code -o Dir::...} options (the tests use Debian 13's lists this way without touching the host's apt
 * setup). {@code stampPaths} are what {@code apt-get update} changes: the package name found is remembered until
 * one of them does.
 *
 * @param options extra arguments given to apt-get and apt-cache before the command
 * @param metaPackages the meta packages whose "Depends: linux-image-RELEASE" names the kernel, in order
 * @param memoName the file, under the kernels cache, that remembers the answer for this source
 */
public record AptSource(List<String> options, List<String> metaPackages, List<Path> stampPaths, String memoName) {
    /** Debian's and Ubuntu's generic kernels through the host's own apt. */
    public static AptSource host() {
        return new AptSource(List.of(), List.of("linux-image-amd64", "linux-image-generic"),
                List.of(Path.of("/var/lib/apt/lists"), Path.of("/var/cache/apt/pkgcache.bin"),
                        Path.of("/etc/apt/sources.list"), Path.of("/etc/apt/sources.list.d")),
                "apt-kernel-package");
    }

    /**
     * apt reading only {@code sources} (a deb822 .sources file) with its lists and cache in {@code stateDir}, and
     * no package status (so nothing installed on the host matters). Run {@link #updateArgv()} before the first use.
     */
    public static AptSource separate(Path sources, Path stateDir, List<String> metaPackages, String memoName)
            throws IOException {
        Path lists = Files.createDirectories(stateDir.resolve("lists/partial"));
        Path cache = Files.createDirectories(stateDir.resolve("cache/archives/partial"));
        List<String> opts = List.of("-o", "Dir::Etc::sourcelist=" + sources.toAbsolutePath(),
                "-o", "Dir::Etc::sourceparts=/dev/null",
                "-o", "Dir::State::Lists=" + lists.getParent().toAbsolutePath(),
                "-o", "Dir::Cache=" + cache.getParent().getParent().toAbsolutePath(),
                "-o", "Dir::State::status=/dev/null");
        return new AptSource(opts, metaPackages, List.of(lists.getParent(), sources), memoName);
    }

    /** {@code [tool] + options + args}: options must come before the command for apt. */
    List<String> argv(String tool, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(tool);
        argv.addAll(options);
        argv.addAll(List.of(args));
        return argv;
    }

    public List<String> updateArgv() { return argv("apt-get", "-q", "update"); }

    /** The newest modification time of the stamp paths, as text. */
    String stamp() throws IOException {
        long newest = 0;
        for (Path path : stampPaths) {
            if (Files.exists(path)) {
                newest = Math.max(newest, Files.getLastModifiedTime(path).toMillis());
            }
        }
        return Long.toString(newest);
    }
}
