package labs.launcher.amdv;

import labs.common.ShWord;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command the emulated AMD-V machine runs, chrooted into the host's root: {@code run.sh} in the control share,
 * run by the host's own {@code /bin/sh}. Every word is quoted in sh's syntax (ShWord.quoted), so no path or
 * argument is ever read as shell code.
 *
 * @param cwd  the folder to run in (the host's current folder: relative paths mean the same inside)
 * @param env  the whole environment of the command (nothing else leaks in from the machine's init)
 * @param argv the command (the host's java with the labs jar and the lab's own arguments)
 */
public record AmdVJob(Path cwd, Map<String, String> env, List<String> argv) {
    /**
     * QEMU's multi-threaded TCG now and then breaks a JVM inside (measured: 3 crashes in 149 runs, exit 134, SIGSEGV
     * in freshly patched JIT code; none in 23 runs with one TCG thread, 1.6-1.9x slower). Once it crashed twice in
     * the same machine, so the run again is the host's to make, in a new machine (see AmdVMachineRun); the script
     * only passes the crash report's head on, since it lives in the machine's /tmp, which goes with it.
     */
    public static final int JVM_CRASH = 134;

    public AmdVJob {
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        argv = List.copyOf(argv);
        for (String k : env.keySet()) {
            if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("not an environment variable name: " + k);
            }
        }
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
    }

    /** The script's text. */
    public String script() {
        StringBuilder sb = new StringBuilder("# written by labs for its emulated AMD-V machine\n");
        // The host's folder may be under /tmp, which is the machine's own tmpfs: made there, empty.
        sb.append("mkdir -p -- ").append(ShWord.quoted(cwd.toString())).append(" 2>/dev/null\n");
        sb.append("cd -- ").append(ShWord.quoted(cwd.toString())).append(" || cd /\n");
        sb.append("env -i");
        env.forEach((k, v) -> sb.append(' ').append(ShWord.quoted(k + "=" + v)));
        argv.forEach(a -> sb.append(' ').append(ShWord.quoted(a)));
        sb.append("\nrc=$?\n");
        sb.append("if [ $rc -eq ").append(JVM_CRASH).append(" ]; then\n");
        sb.append("    for f in /tmp/hs_err_pid*.log; do [ -f \"$f\" ] && sed -n '1,12p' \"$f\" >&2; done\n");
        sb.append("fi\n");
        sb.append("exit $rc\n");
        return sb.toString();
    }
}
