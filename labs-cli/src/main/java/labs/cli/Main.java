package labs.cli;

import java.util.List;
import labs.cli.fio.FioCommand;
import labs.cli.vm.VmCommand;
import labs.common.Interrupts;
import labs.common.LabsException;
import labs.common.Ui;
import labs.common.i18n.ErrorText;
import labs.common.i18n.Msg;
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
        Interrupts.install();
        int code = run(args);
        Interrupts.mainDone();
        System.exit(code);
    }

    /**
     * The command groups, in help order. Not in Main's {@code @Command(subcommands = ...)}: picocli builds the model
     * of every command it is given, and the whole tree (~20 commands) costs ~80 ms of CPU, most of `labs --version`
     * and `labs list` (bench/startup-results.txt). So the root gets only the group its first argument names, and
     * every group when that argument names none of them (an option, a typo) or is `help`; below the root the tree
     * is picocli's own, from each group's annotation.
     */
    private static final List<Class<?>> GROUPS = List.of(ListCommand.class, RunCommand.class, VmCommand.class,
            FioCommand.class, ClassCommand.class, HandoutCommand.class, CommandLine.HelpCommand.class);

    public static int run(String... args) {
        Msg.use(LangChoice.of(args));   // first: errors met while parsing are said in the user's language too
        return commandLine(args).execute(args);
    }

    /** The whole command tree (help, tests). */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /** The command tree with the group args[0] names, or with all of them (see {@link #GROUPS}). */
    public static CommandLine commandLine(String... args) {
        CommandLine cmd = new CommandLine(new Main());
        boolean versionOnly = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        Class<?> named = null;
        for (Class<?> g : GROUPS) {   // a loop, not a stream: a lambda's first link costs ~2 ms at start-up
            if (args.length > 0 && g != CommandLine.HelpCommand.class
                    && g.getAnnotation(Command.class).name().equals(args[0])) {
                named = g;
            }
        }
        for (Class<?> g : GROUPS) {
            if (!versionOnly && (named == null || named == g)) {
                cmd.addSubcommand(g);
            }
        }
        versionEverywhere(cmd, cmd.getCommandSpec().versionProvider());
        // `labs vm exec NAME CMD -l ...`: everything after NAME belongs to the guest command, options included.
        CommandLine vm = cmd.getSubcommands().get("vm");
        if (vm != null) {
            vm.getSubcommands().get("exec").setStopAtPositional(true);
        }
        // `labs run LAB --amd-v-machine` runs the lab inside the emulated AMD-V machine instead of here.
        cmd.setExecutionStrategy(labs.lab.AmdVMachineRun.strategy(args));
        cmd.setExecutionExceptionHandler((ex, line, parsed) -> report(ex, line));
        cmd.setParameterExceptionHandler(new UsageErrors());
        return cmd;
    }

    /** `labs run vt-check --version` printed nothing: a subcommand's --version had no provider of its own. */
    private static void versionEverywhere(CommandLine c, CommandLine.IVersionProvider provider) {
        for (CommandLine sub : c.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(provider);
            versionEverywhere(sub, provider);
        }
    }

    static int report(Exception ex, CommandLine line) {
        var err = line.getErr();
        if (Interrupts.interruptedText() != null) {
            // Ctrl-C or kill: what the lab saw on the way out (its guest gone, a boot cut short) is not the story
            err.flush();
            Interrupts.reportOnce(System.err);
            if (Ui.debug()) {
                ex.printStackTrace(err);
            }
            return Interrupts.exitCode();
        }
        LabsException full = ex instanceof LabsException ? null : labs.common.ResultFile.environmentError(ex);
        if (full != null) {
            ex = full;   // a full disk met outside ResultFile: still the user's to fix (exit 2), not a bug
        }
        if (ex instanceof LabsException le) {
            err.println("labs: " + le.getMessage());
            if (le.why() != null) {
                err.println("  " + Msg.get(ErrorText.LABEL_WHY) + ": " + le.why());
            }
            if (le.fix() != null) {
                err.println("  " + Msg.get(ErrorText.LABEL_FIX) + ": " + le.fix());
            }
            if (Ui.debug()) {
                ex.printStackTrace(err);
            }
            err.flush();
            return le.exitCode();
        }
        err.println("labs: " + Msg.get(ErrorText.INTERNAL, ex));
        if (Ui.debug()) {
            ex.printStackTrace(err);
        } else {
            err.println("  " + Msg.get(ErrorText.INTERNAL_HINT));
        }
        err.flush();
        return EXIT_INTERNAL;
    }
}
