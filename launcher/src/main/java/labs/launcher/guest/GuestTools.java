package labs.launcher.guest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the host's tools copied into the guest are on this release. The root disk keeps host paths, so the
 * guest's sar finds sadc where the host's does: {@code /usr/lib/sysstat/sadc} in Debian 12 (sysstat 12.6),
 * {@code /usr/libexec/sysstat/sadc} in Debian 13 (sysstat 12.7.5; {@code dpkg -L sysstat}).
 */
final class GuestTools {
    /** A tool's usual path to the other paths releases put it at, tried in order. */
    static final Map<String, List<String>> ELSEWHERE = Map.of(
            "/usr/lib/sysstat/sadc", List.of("/usr/libexec/sysstat/sadc"));

    private GuestTools() {}

    /** Each tool at the first of its paths that exists under {@code root}, else at its usual path. */
    static List<Path> resolve(Path root, List<String> tools) {
        return tools.stream().map(t -> {
            Path usual = root.resolve(t.substring(1));
            if (Files.isRegularFile(usual)) {
                return usual;
            }
            return ELSEWHERE.getOrDefault(t, List.of()).stream().map(p -> root.resolve(p.substring(1)))
                    .filter(Files::isRegularFile).findFirst().orElse(usual);
        }).toList();
    }
}
