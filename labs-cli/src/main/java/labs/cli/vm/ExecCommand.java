package labs.cli.vm;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import labs.common.LabsException;
import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import labs.launcher.RunningVm;
import labs.launcher.agent.GuestAgent;
import labs.launcher.agent.GuestProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labs vm exec NAME -- CMD...}: run a command in the guest through its agent, the way ssh host cmd does. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Run a command in a running guest; labs exits with its status.", "",
            "Run a command inside a running guest, the way `ssh host cmd` does: its stdout and stderr are printed "
            + "as it writes them, byte for byte, labs's stdin is its stdin (-n: none), and labs exits with the "
            + "command's own exit status. Ctrl-C, SIGTERM and --timeout kill it in the guest (its whole session); "
            + "what it printed until then stays printed. The arguments arrive in the guest exactly as given (no "
            + "shell); for pipes or redirections run a shell yourself: labs vm exec vm1 -- sh -c 'dmesg | tail'. "
            + "It runs in /data (the VM's data disk) with the guest's busybox, fio and sysstat on PATH.", ""},
        footer = {"", "Examples:  labs vm exec vm1 -- uname -r     labs vm exec vm1 -- mpstat 1 1",
            "           tar cf - dir | labs vm exec vm1 -- tar xf -     labs vm exec vm1 -- cat /data/f > f",
            "The book logs in to the guest with ssh or virsh console; this replaces that."})
final class ExecCommand implements Callable<Integer> {
    @Mixin
    ConnectOption connect;

    /** How much of labs's stdin one read takes (one STDIN frame). */
    private static final int STDIN_READ = 32 * 1024;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command and its arguments: "
            + "everything after --, or from the first word after NAME that is not an option of labs (--timeout and "
            + "-n (and --lang) may also come between NAME and --; any other option there is refused).")
    List<String> command;

    /** A week: a command in a lab guest that runs longer is stuck. */
    static final long MAX_TIMEOUT = 7 * 24 * 3600;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Kill the command in the guest after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = {"-n", "--no-stdin"}, description = "The command reads /dev/null, not labs's stdin (as ssh -n; "
            + "for a loop that reads its own stdin, or a labs started in the background).")
    boolean noStdin;

    @Override
    public Integer call() throws Exception {
        ExecArgs parsed = ExecArgs.parse(command, name);
        List<String> argv = parsed.command();
        if (parsed.timeout() != null) {
            timeoutSeconds = parsed.timeout();
        }
        noStdin |= parsed.noStdin();
        if (argv.isEmpty()) {
            throw LabsException.usage(Msg.get(VmText.EXEC_NO_COMMAND), "labs vm exec " + name + " -- uname -r");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT) {   // 0 or -1 timed out at once, or never
            throw LabsException.usage(Msg.get(VmText.EXEC_TIMEOUT_RANGE, timeoutSeconds),
                    Msg.get(VmText.EXEC_TIMEOUT_FIX, MAX_TIMEOUT));
        }
        try (RunningVm vm = connect.open().attach(name)) {
            // Raw file descriptors: bytes pass unchanged and unbuffered (System.out would hide a closed pipe).
            GuestProcess p = vm.start(argv, !noStdin, new FileOutputStream(FileDescriptor.out),
                    new FileOutputStream(FileDescriptor.err));
            if (!noStdin) {
                pumpStdin(System.in, p);
            }
            // Ctrl-C and SIGTERM run the shutdown hooks: the command is killed in the guest, and what it wrote
            // until then is still printed while the hook waits for its end.
            Thread onSignal = new Thread(() -> killQuietly(p), "labs-exec-kill");
            Runtime.getRuntime().addShutdownHook(onSignal);
            try {
                return p.waitFor(Duration.ofSeconds(timeoutSeconds));
            } catch (TimeoutException e) {
                GuestAgent.killAndDrain(p);
                throw new LabsException(Msg.get(VmText.EXEC_TIMED_OUT, String.join(" ", argv), name,
                        timeoutSeconds), Msg.get(VmText.EXEC_TIMED_OUT_WHY), Msg.get(VmText.EXEC_TIMED_OUT_FIX, name),
                        LabsException.EXIT_FAILED, null);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook runs
                }
            }
        }
    }

    private static void killQuietly(GuestProcess p) {
        try {
            GuestAgent.killAndDrain(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** labs's stdin to the command's, until its end (then end-of-file there too) or the command's exit. */
    private static void pumpStdin(InputStream in, GuestProcess p) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[STDIN_READ];
            try {
                int n;
                while (p.isAlive() && (n = in.read(buf)) >= 0) {
                    p.writeStdin(buf, 0, n);
                }
                p.closeStdin();
            } catch (IOException | LabsException e) {
                // stdin unreadable or the agent gone: the command's end says the rest
                closeQuietly(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "labs-exec-stdin");
        t.setDaemon(true); // blocked on a terminal, it must not keep labs alive
        t.start();
    }

    private static void closeQuietly(GuestProcess p) {
        try {
            p.closeStdin();
        } catch (RuntimeException e) {
            // nothing more to tell the guest
        }
    }
}
