package labs.cli;

import labs.common.LabsException;
import labs.common.Ui;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code labs}: reproduce the virtualization chapter of 「[試して理解]Linuxのしくみ」 on your own machine.
 * Errors the user can fix print as "what / why / fix" and exit 2; anything else is a bug and says how to see it.
 */
@Command(name = "labs", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Virtualization labs from the textbook 「[試して理解]Linuxのしくみ 増補改訂版」 (KVM + QEMU):",
            "check your CPU, boot a small real Linux guest, and measure CPU and I/O overhead host vs guest.",
            ""},
        footer = {"", "Start with:  labs list   then   labs run vt-check",
            "Exit codes: 0 success, 1 the lab ran and its answer is negative or it failed, 2 usage or environment error,"
                + " 3 internal error."})
public final class Main {
    public static final int EXIT_INTERNAL = 3;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces and debug output.")
    void debug(boolean on) { debugOn = on; Ui.configure(yesOn, debugOn); }

    @Option(names = {"-y", "--yes"}, scope = ScopeType.INHERIT,
            description = "Install missing Debian packages without asking.")
    void yes(boolean on) { yesOn = on; Ui.configure(yesOn, debugOn); }

    private static boolean debugOn;
    private static boolean yesOn;

    public static void main(String[] args) {
        // Picocli otherwise looks for Groovy's Closure class in every jar of the class path, in vain, at start-up.
        System.setProperty("picocli.disable.closures", "true");
        Prewarm.start(args);
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cmd = commandLine(args);
        return cmd.execute(args);
    }

    /** The whole command tree (help, tests). */
    public static CommandLine commandLine() {
        return commandLine((String[]) null);
    }

    /** The command tree as far as args reach (see {@link CommandTree}); args null: the whole tree. */
    public static CommandLine commandLine(String... args) {
        CommandLine cmd = new CommandLine(new Main());
        CommandTree.addSubcommands(cmd, args == null ? null : java.util.List.of(args));
        // `labs vm exec NAME CMD -l ...`: everything after NAME belongs to the guest command, options included.
        CommandLine vm = cmd.getSubcommands().get("vm");
        CommandLine exec = vm == null ? null : vm.getSubcommands().get("exec");
        if (exec != null) {
            exec.setStopAtPositional(true);
        }
        cmd.setExecutionExceptionHandler((ex, line, parsed) -> report(ex, line));
        cmd.setParameterExceptionHandler(new UsageErrors());
        return cmd;
    }

    static int report(Exception ex, CommandLine line) {
        var err = line.getErr();
        LabsException full = ex instanceof LabsException ? null : labs.common.ResultFile.environmentError(ex);
        if (full != null) {
            ex = full;   // a full disk met outside ResultFile: still the user's to fix (exit 2), not a bug
        }
        if (ex instanceof LabsException le) {
            err.println("labs: " + le.getMessage());
            if (le.why() != null) {
                err.println("  why: " + le.why());
            }
            if (le.fix() != null) {
                err.println("  fix: " + le.fix());
            }
            if (Ui.debug()) {
                ex.printStackTrace(err);
            }
            err.flush();
            return le.exitCode();
        }
        err.println("labs: internal error: " + ex);
        if (Ui.debug()) {
            ex.printStackTrace(err);
        } else {
            err.println("  run again with --debug for the stack trace, and report it with that output.");
        }
        err.flush();
        return EXIT_INTERNAL;
    }
}
