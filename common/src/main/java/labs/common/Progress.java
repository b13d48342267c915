package labs.common;

/**
 * Where library code reports long work, warnings and debug detail. The command line hands {@link Ui#TERMINAL} (stderr,
 * honouring --debug and quiet mode) down through constructors; tests and embedders pass {@link #SILENT} or their own,
 * so that no layer below the command decides where its chatter goes.
 */
public interface Progress {
    /** A step of long work ("… " + text on the terminal). */
    void progress(String fmt, Object... args);

    /** Something the user should know that does not stop the work ("warning: " + text on the terminal). */
    void warn(String fmt, Object... args);

    /** Detail for --debug only. */
    void debug(String fmt, Object... args);

    /** A step of long work, in the run's language (the message catalog, labs.common.i18n.Msg). */
    default void progress(labs.common.i18n.Msg.Key key, Object... args) {
        progress("%s", labs.common.i18n.Msg.get(key, args));
    }

    /** A warning in the run's language. */
    default void warn(labs.common.i18n.Msg.Key key, Object... args) {
        warn("%s", labs.common.i18n.Msg.get(key, args));
    }

    /** Says nothing: for tests and callers that report on their own. */
    Progress SILENT = new Progress() {
        @Override public void progress(String fmt, Object... args) { }
        @Override public void warn(String fmt, Object... args) { }
        @Override public void debug(String fmt, Object... args) { }
    };
}
