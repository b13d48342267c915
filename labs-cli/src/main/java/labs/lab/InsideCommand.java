package labs.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labs command the emulated AMD-V machine runs: this very JVM's java, its options (./labs' start-up flags and
 * CDS archive) and jar, read from /proc/self/cmdline, with the lab's arguments minus {@code --amd-v-machine}; and the
 * environment it runs with there (only what labs reads, nothing else of the host's).
 */
final class InsideCommand {
    static final String OPTION = "--amd-v-machine";
    /** The host's variables that mean the same inside (language, paths to the user's files, labs' own knobs). */
    static final List<String> PASSED = List.of("HOME", "PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES",
            "LC_CTYPE", "TZ", "TERM", "NO_COLOR", "COLUMNS", "XDG_CACHE_HOME", "LABS_RESULTS", "LABS_BOOT_TIMEOUT");
    /**
     * The machine's VMs live on its own scratch disk: they end with it, and their QMP and agent sockets could not
     * live on a 9p share anyway.
     */
    static final String DATA_DIR = labs.launcher.amdv.AmdVMachineSpec.SCRATCH_MOUNT;

    private InsideCommand() {}

    /** java, its options, the jar (absolute), then the lab's arguments without the option. */
    static List<String> argv(List<String> jvmCommandLine, String javaHome, Path cwd, String classPath,
                             List<String> labArgs) {
        List<String> a = new ArrayList<>();
        a.add(Path.of(javaHome, "bin", "java").toString());
        int jar = jvmCommandLine.indexOf("-jar");
        if (jar >= 1 && jar + 1 < jvmCommandLine.size()) {
            a.addAll(jvmCommandLine.subList(1, jar));
            a.addAll(jvmOptions());
            a.add("-jar");
            a.add(cwd.resolve(jvmCommandLine.get(jar + 1)).toString());
        } else {
            // Started some other way (a test's class path): the same classes, by absolute path.
            a.addAll(jvmOptions());
            a.add("-cp");
            a.add(String.join(":", java.util.Arrays.stream(classPath.split(":"))
                    .map(p -> cwd.resolve(p).toString()).toList()));
            a.add("labs.cli.Main");
        }
        labArgs.stream().filter(s -> !s.equals(OPTION) && !s.startsWith(OPTION + "=")).forEach(a::add);
        return a;
    }

    /** The host's root is read-only there: what the JVM and JNA would write goes to the machine's /tmp. */
    private static List<String> jvmOptions() {
        return List.of("-Djna.tmpdir=/tmp", "-XX:ErrorFile=/tmp/hs_err_pid%p.log");
    }

    static List<String> argv(List<String> labArgs) {
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> cmdline = new ArrayList<>();
        cmdline.add(info.command().orElse("java"));
        info.arguments().ifPresent(args -> cmdline.addAll(List.of(args)));
        return argv(cmdline, System.getProperty("java.home"), Path.of("").toAbsolutePath(),
                System.getProperty("java.class.path"), labArgs);
    }

    static Map<String, String> env(Map<String, String> host) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String k : PASSED) {
            if (host.containsKey(k)) {
                env.put(k, host.get(k));
            }
        }
        env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        env.put("LABS_DATA_DIR", DATA_DIR);
        return env;
    }
}
