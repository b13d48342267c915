package labs.cli.vm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import labs.common.ExecResult;
import labs.lab.HostAccelProbe;
import labs.launcher.Launcher;
import labs.launcher.RunningVm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labs vm exec NAME -- CMD...}: run a command in the guest through its agent. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Run a command in a running guest; labs exits with its status.", "",
            "Run a command inside a running guest and print its stdout and stderr; labs exits with the " +
            "command's own exit status. The arguments arrive in the guest exactly as given (no shell); for pipes " +
            "or redirections run a shell yourself: labs vm exec vm1 -- sh -c 'dmesg | tail'. " +
            "It runs in /data (the VM's data disk) with the guest's busybox, fio and sysstat on PATH.", ""},
        footer = {"", "Examples:  labs vm exec vm1 -- uname -r     labs vm exec vm1 -- mpstat 1 1",
            "The book logs in to the guest with ssh or virsh console; this replaces that."})
final class ExecCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command and its arguments "
            + "(everything after NAME, options included; a leading -- is allowed and dropped).")
    List<String> command;

    /** A week: a command in a lab guest that runs longer is stuck. */
    static final long MAX_TIMEOUT = 7 * 24 * 3600;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Kill the command in the guest after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        List<String> argv = !command.isEmpty() && command.get(0).equals("--") ? command.subList(1, command.size())
                : command;
        if (argv.isEmpty()) {
            throw labs.common.LabsException.usage("no command given", "labs vm exec " + name + " -- uname -r");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT) {   // 0 or -1 timed out at once, or never
            throw labs.common.LabsException.usage("--timeout " + timeoutSeconds + " is out of range",
                    "give 1.." + MAX_TIMEOUT + " seconds (default 3600)");
        }
        try (RunningVm vm = Launcher.openDefault(HostAccelProbe.INSTANCE).attach(name)) {
            ExecResult r = vm.exec(argv, Duration.ofSeconds(timeoutSeconds));
            System.out.print(r.stdout());
            System.out.flush();
            System.err.print(r.stderr());
            System.err.flush();
            return r.exitCode();
        }
    }
}
