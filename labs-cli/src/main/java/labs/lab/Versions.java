package labs.lab;

import java.time.Duration;
import java.util.List;
import labs.common.CommandRunner;
import labs.common.ExecResult;

/** Tool versions for meta.json, asked from the tools themselves on either side ("unknown" when one will not say). */
public final class Versions {
    private Versions() {}

    /** The first line of `argv` output that is not blank (stdout, else stderr). */
    public static String of(CommandRunner side, String... argv) {
        try {
            ExecResult r = side.exec(List.of(argv), Duration.ofSeconds(30));
            String text = r.stdout().isBlank() ? r.stderr() : r.stdout();
            return text.strip().lines().findFirst().orElse("unknown");
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
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
