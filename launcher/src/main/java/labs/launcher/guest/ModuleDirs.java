package labs.launcher.guest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where distributions put a kernel's modules under a root folder: {@code lib/modules/RELEASE} (Debian 12, Ubuntu's
 * linux-modules packages) or {@code usr/lib/modules/RELEASE} (merged-/usr packages: Debian 13 and later, where
 * {@code /lib} is only a link to {@code usr/lib} once installed, and a package unpacked with {@code dpkg-deb -x}
 * has no such link). A folder counts when it has the {@code kernel/} tree the module files are in.
 */
final class ModuleDirs {
    /** Relative to a root, in the order tried. */
    static final List<String> UNDER_ROOT = List.of("lib/modules", "usr/lib/modules");

    /** The first folder that has modules, and every folder looked at (for the message when none has). */
    record Search(Optional<Path> found, List<Path> searched) {
        String searchedText() {
            return searched.stream().map(Path::toString).collect(Collectors.joining(", "));
        }
    }

    private ModuleDirs() {}

    /** Looks for RELEASE's modules under each root in turn, each root's lib/modules before its usr/lib/modules. */
    static Search find(List<Path> roots, String release) {
        Set<Path> searched = new LinkedHashSet<>();
        for (Path root : roots) {
            for (String under : UNDER_ROOT) {
                Path dir = root.resolve(under).resolve(release).normalize();
                if (!searched.add(dir)) {
                    continue;
                }
                if (hasModules(dir)) {
                    return new Search(Optional.of(dir), new ArrayList<>(searched));
                }
            }
        }
        return new Search(Optional.empty(), new ArrayList<>(searched));
    }

    static boolean hasModules(Path dir) {
        return Files.isDirectory(dir.resolve("kernel"));
    }
}
