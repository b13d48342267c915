package labs.common;

import java.io.PrintStream;

/**
 * The few process-wide choices the user makes once on the command line (--yes, --debug) and the one place that
 * prints progress, so that labs and modules never decide on their own where chatter goes.
 */
public final class Ui {
    private static volatile boolean assumeYes;
    private static volatile boolean debug;
    private static volatile boolean quiet;

    /**
     * The progress mark: "…" where the terminal's charset has it; "..." under a C/POSIX locale (su -, cron, some
     * containers), where Java would print "?" instead.
     */
    public static final String ELLIPSIS = canEncode('\u2026') ? "\u2026" : "...";

    /** The terminal's progress sink: what the command line hands to the layers below it. */
    public static final Progress TERMINAL = new Progress() {
        @Override public void progress(String fmt, Object... args) { Ui.progress(fmt, args); }
        @Override public void warn(String fmt, Object... args) { Ui.warn(fmt, args); }
        @Override public void debug(String fmt, Object... args) { Ui.debug(fmt, args); }
    };

    private Ui() {}

    private static boolean canEncode(char c) {
        try {
            return java.nio.charset.Charset.forName(System.getProperty("native.encoding", "UTF-8")).newEncoder()
                    .canEncode(c);
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static void configure(boolean yes, boolean dbg) {
        assumeYes = yes;
        debug = dbg;
    }

    public static void setQuiet(boolean q) { quiet = q; }

    public static boolean assumeYes() { return assumeYes; }
    public static boolean debug() { return debug; }

    /** True when a person can answer a question: both a console and an interactive stdin. */
    public static boolean interactive() {
        return System.console() != null;
    }

    /** Progress of long work, on stderr so that stdout stays parseable (--json). */
    public static void progress(String fmt, Object... args) {
        if (!quiet) {
            err().printf(ELLIPSIS + " " + fmt + "%n", args);
        }
    }

    /** Progress in the run's language (the message catalog). */
    public static void progress(labs.common.i18n.Msg.Key key, Object... args) {
        progress("%s", labs.common.i18n.Msg.get(key, args));
    }

    /** A warning in the run's language. */
    public static void warn(labs.common.i18n.Msg.Key key, Object... args) {
        warn("%s", labs.common.i18n.Msg.get(key, args));
    }

    public static void warn(String fmt, Object... args) {
        err().printf(labs.common.i18n.Msg.get(labs.common.i18n.ProgressText.WARNING) + ": " + fmt + "%n", args);
    }

    public static void debug(String fmt, Object... args) {
        if (debug) {
            err().printf("debug: " + fmt + "%n", args);
        }
    }

    private static PrintStream err() { return System.err; }
}
