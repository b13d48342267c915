package labs.cli.vm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import labs.common.ExecResult;
import labs.launcher.Launcher;
import labs.launcher.RunningVm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labs vm exec NAME -- CMD...}: run a command in the guest through its agent. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = {"Run a command inside a running guest and print its stdout and stderr; labs exits with the",
            "command's own exit status. The arguments arrive in the guest exactly as given (no shell); for pipes",
            "or redirections run a shell yourself: labs vm exec vm1 -- sh -c 'dmesg | tail'.",
            "It runs in /data (the VM's data disk) with the guest's busybox, fio and sysstat on PATH.", ""},
        footer = {"", "Examples:  labs vm exec vm1 -- uname -r     labs vm exec vm1 -- mpstat 1 1",
            "The book logs in to the guest with ssh or virsh console; this replaces that."})
final class ExecCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command and its arguments "
            + "(put -- before it so that its options are not read as labs options).")
    List<String> command;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Kill the command in the guest after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        try (RunningVm vm = Launcher.openDefault().attach(name)) {
            ExecResult r = vm.exec(command, Duration.ofSeconds(timeoutSeconds));
            System.out.print(r.stdout());
            System.out.flush();
            System.err.print(r.stderr());
            System.err.flush();
            return r.exitCode();
        }
    }
}
