package labs.launcher.guest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;

/**
 * The shared libraries (and the ELF loader) that host binaries need, as the host's own loader resolves them:
 * {@code ldd} is the loader run in list mode, so what it prints is exactly what the guest must hold at the same
 * paths.
 */
public final class LibraryClosure {
    private LibraryClosure() {}

    public static Set<Path> of(List<Path> binaries) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ldd"));
        binaries.forEach(b -> argv.add(b.toString()));
        ExecResult r = HostRunner.INSTANCE.exec(argv, Duration.ofSeconds(30));
        // ldd exits 1 when one of several files is static ("not a dynamic executable"); the rest is still listed.
        return parse(r.stdout() + "\n" + r.stderr());
    }

    /** The library paths in ldd's output; a "not found" line means the binary cannot run in the guest either. */
    static Set<Path> parse(String lddOutput) {
        Set<Path> out = new TreeSet<>();
        for (String raw : lddOutput.split("\n")) {
            String line = raw.strip();
            if (line.contains("=> not found")) {
                throw new LabsException(Msg.get(LauncherText.LIB_MISSING, line), Msg.get(LauncherText.LIB_MISSING_WHY),
                        Msg.get(LauncherText.LIB_MISSING_FIX, "apt-get install --reinstall ..."));
            }
            int arrow = line.indexOf("=> ");
            String candidate = arrow >= 0 ? line.substring(arrow + 3) : line;
            int paren = candidate.indexOf(" (0x");
            if (paren >= 0) {
                candidate = candidate.substring(0, paren);
            }
            if (candidate.startsWith("/") && !candidate.endsWith(":")) {
                out.add(Path.of(candidate.strip()));
            }
        }
        return out;
    }
}
