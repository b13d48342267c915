package labs.cli;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import labs.cli.fio.FioCommand;
import labs.cli.vm.VmCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The labs command tree, built only along the path the arguments name. Picocli reflects over every command class
 * it registers (options, mixins, fields, annotations) and instantiates it; for the whole tree of ~20 commands that
 * was most of `labs run vt-check`'s start-up (bench/startup-results.txt). So a group (labs, run, vm, fio)
 * registers just the subcommand the next word names. When that word names none of them (no word, a typo, an
 * @argument-file) or names `help`, it registers all of them, so help, `labs run` alone and picocli's "did you
 * mean" errors see the full tree exactly as before. The parsing and execution are picocli's own either way.
 *
 * <p>A group's subcommands are listed here rather than in its {@code @Command(subcommands = ...)}, which picocli
 * would always build in full. Groups have no options that take a value, so the next word that does not start
 * with '-' is the subcommand's name.
 */
final class CommandTree {
    private static final Map<Class<?>, List<Class<?>>> GROUPS = Map.of(
            Main.class, List.of(ListCommand.class, RunCommand.class, VmCommand.class, FioCommand.class,
                    CommandLine.HelpCommand.class),
            RunCommand.class, RunCommand.LABS,
            VmCommand.class, VmCommand.SUBCOMMANDS,
            FioCommand.class, FioCommand.SUBCOMMANDS);

    private static final List<String> VERSION = List.of("-V", "--version");

    private CommandTree() {}

    /** Adds to cmd the subcommands that args (the words after cmd's own name) reach; all of them when args is null. */
    static void addSubcommands(CommandLine cmd, List<String> args) {
        List<Class<?>> children = GROUPS.get(cmd.getCommandSpec().userObject().getClass());
        // `labs --version` prints one line and needs no subcommand at all.
        if (children == null || args != null && !args.isEmpty() && args.stream().allMatch(VERSION::contains)) {
            return;
        }
        int at = args == null ? -1 : nextWord(args);
        String word = at < 0 ? null : args.get(at);
        Class<?> chosen = word == null ? null
                : children.stream().filter(c -> names(c).contains(word)).findFirst().orElse(null);
        // `labs help CMD` reads the tree itself: it gets the whole of it.
        if (chosen != null && chosen != CommandLine.HelpCommand.class) {
            add(cmd, chosen, args.subList(at + 1, args.size()));
        } else {
            children.forEach(c -> add(cmd, c, null));
        }
    }

    private static void add(CommandLine parent, Class<?> child, List<String> rest) {
        parent.addSubcommand(child);
        // Top-down, so that the options the root passes down (--debug, --yes) reach every level.
        addSubcommands(parent.getSubcommands().get(names(child).get(0)), rest);
    }

    /** Index of the first word that is not an option; -1 when there is none or the rest is not plain words. */
    private static int nextWord(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("@") || a.equals("--")) {
                return -1;
            }
            if (!a.startsWith("-")) {
                return i;
            }
        }
        return -1;
    }

    /** The command's name and aliases, read from its annotation without building its model. */
    static List<String> names(Class<?> c) {
        Command a = c.getAnnotation(Command.class);
        return Stream.concat(Stream.of(a.name()), Stream.of(a.aliases())).toList();
    }
}
