package labs.lab;

import java.time.Duration;
import java.util.List;
import labs.common.CommandRunner;
import labs.common.ExecResult;

/** Tool versions for meta.json, asked from the tools themselves on either side ("unknown" when one will not say). */
public final class Versions {
    private Versions() {}

    /** The version line of `argv` output (stdout, else stderr): see {@link #versionLine(String)}. */
    public static String of(CommandRunner side, String... argv) {
        try {
            ExecResult r = side.exec(List.of(argv), Duration.ofSeconds(30));
            return versionLine(r.stdout().isBlank() ? r.stderr() : r.stdout());
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * The first line that says "version", else the first line that is not blank. sysstat 12.7 (Debian 13) prints
     * the sysstat variables set in the environment before its version ("S_TIME_FORMAT=ISO", then "sysstat version
     * 12.7.5"); fio and uname print a bare version.
     */
    static String versionLine(String text) {
        List<String> lines = text.strip().lines().filter(l -> !l.isBlank()).toList();
        return lines.stream().filter(l -> l.toLowerCase(java.util.Locale.ROOT).contains("version")).findFirst()
                .orElse(lines.isEmpty() ? "unknown" : lines.get(0));
    }

    public static void recordHost(java.util.Map<String, String> versions) {
        CommandRunner h = labs.common.HostRunner.INSTANCE;
        versions.put("host kernel", of(h, "uname", "-r"));
        versions.put("qemu", of(h, "qemu-system-x86_64", "--version"));
        versions.put("fio (host)", of(h, "fio", "--version"));
        versions.put("sysstat (host)", of(h, "mpstat", "-V"));
        versions.put("java", System.getProperty("java.version"));
    }
}
