package labs.launcher.amdv;

import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import labs.common.BoundChildren;
import labs.common.LabsException;
import labs.common.Progress;

/**
 * Boots the emulated AMD-V machine for one command and runs it there: the command's stdout and stderr are relayed
 * as they come, its exit status is returned. QEMU is started bound to this process ({@link BoundChildren}): Ctrl-C,
 * a kill, even kill -9 of labs, takes the machine down with it, and so every guest it ran.
 */
public final class AmdVMachine {
    /** From QEMU's start to the lab starting inside: 2-7 s measured here, far more on a loaded machine. */
    static final Duration READY_LIMIT = Duration.ofMinutes(5);
    /**
     * The longest the lab inside may go without a word (its output or the machine's console) once it runs. Every lab
     * reports each step, and steps take seconds to a minute or two inside; a lab that stopped making progress was
     * seen once (QEMU's multi-threaded TCG, like the JVM crashes of AmdVJob), and would otherwise be waited on for
     * ever.
     */
    public static final Duration QUIET_LIMIT = Duration.ofMinutes(5);
    private static final long POLL_MS = 100;

    private final Progress out;
    private final Duration quietLimit;

    public AmdVMachine(Progress out) {
        this(out, QUIET_LIMIT);
    }

    /** @param quietLimit the longest the lab inside may print nothing (a lab that reports often may stall sooner) */
    public AmdVMachine(Progress out, Duration quietLimit) {
        this.out = out;
        this.quietLimit = quietLimit;
    }

    /** The lab inside said nothing for its quiet limit: the machine was stopped. Its caller may try once more. */
    public static final class Hung extends LabsException {
        private static final long serialVersionUID = 1L;

        Hung(Duration quiet, String consoleTail) {
            super(Msg.get(LauncherText.AM_HUNG, quiet.toSeconds() % 60 == 0
                            ? Msg.get(LauncherText.AM_HUNG_MINUTES, quiet.toMinutes())
                            : Msg.get(LauncherText.AM_HUNG_SECONDS, quiet.toSeconds())),
                    Msg.get(LauncherText.AM_HUNG_WHY, consoleTail), Msg.get(LauncherText.AM_HUNG_FIX, "--debug"),
                    EXIT_FAILED, null);
        }
    }

    /** Runs job in a machine booted as spec says; returns the job's exit status. */
    public int run(AmdVMachineSpec spec, AmdVJob job, OutputStream stdout, OutputStream stderr)
            throws IOException, InterruptedException {
        Path ctl = spec.control();
        Files.writeString(ctl.resolve("mounts"), spec.mountsFile());
        Files.writeString(ctl.resolve("run.sh"), job.script());
        List<String> cmd = new ArrayList<>();
        cmd.add("qemu-system-x86_64");
        cmd.addAll(spec.qemuArgs());
        out.debug("amd-v machine: %s", cmd);
        Path qemuLog = ctl.resolve("qemu.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                .redirectErrorStream(true).redirectOutput(qemuLog.toFile());
        ConsoleLines console = new ConsoleLines(out);
        List<FileTail> tails = List.of(new FileTail(spec.console(), console),
                new FileTail(ctl.resolve("stdout"), stdout), new FileTail(ctl.resolve("stderr"), stderr));
        long started = System.nanoTime();
        long lastWord = started;
        Process qemu = BoundChildren.start(pb);
        try {
            while (!qemu.waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                if (pollAll(tails)) {
                    lastWord = now;
                }
                if (!console.running() && now - started > READY_LIMIT.toNanos()) {
                    qemu.destroyForcibly();
                    throw LabsException.failed(Msg.get(LauncherText.AM_NOT_STARTED, READY_LIMIT.toMinutes()),
                            Msg.get(LauncherText.AM_CONSOLE_ENDS, console.tail()), null);
                }
                if (console.running() && now - lastWord > quietLimit.toNanos()) {
                    qemu.destroyForcibly();
                    throw new Hung(quietLimit, console.tail());
                }
            }
            pollAll(tails);
        } finally {
            if (qemu.isAlive()) {
                qemu.destroyForcibly();
                qemu.waitFor(10, TimeUnit.SECONDS);
            }
        }
        out.debug("amd-v machine: qemu exited %d after %.1f s", qemu.exitValue(), (System.nanoTime() - started) / 1e9);
        return status(ctl, console, qemu.exitValue(), qemuLog);
    }

    /** True when any of them had something new. */
    private static boolean pollAll(List<FileTail> tails) throws IOException {
        boolean any = false;
        for (FileTail t : tails) {
            any |= t.poll();
        }
        return any;
    }

    /** The job's exit status, or why there is none. */
    private static int status(Path ctl, ConsoleLines console, int qemuExit, Path qemuLog) throws IOException {
        Path status = ctl.resolve("status");
        if (Files.isRegularFile(status)) {
            String s = Files.readString(status).strip();
            if (s.matches("[0-9]{1,3}")) {
                return Integer.parseInt(s);
            }
        }
        if (console.failure() != null) {
            throw MachineFailure.of(console.failure(), console.tail());
        }
        String log = Files.isRegularFile(qemuLog) ? Files.readString(qemuLog, StandardCharsets.UTF_8).strip() : "";
        if (qemuExit != 0 && console.tail().isEmpty()) {
            throw new LabsException(Msg.get(LauncherText.AM_QEMU_CANNOT_START, qemuExit),
                    log.isEmpty() ? Msg.get(LauncherText.AM_QEMU_PRINTED_NOTHING) : log,
                    "apt-get install --reinstall qemu-system-x86");
        }
        throw LabsException.failed(Msg.get(LauncherText.AM_STOPPED_EARLY, qemuExit),
                Msg.get(LauncherText.AM_CONSOLE_ENDS, console.tail()) + (log.isEmpty() ? "" : "\nQEMU: " + log), null);
    }
}
