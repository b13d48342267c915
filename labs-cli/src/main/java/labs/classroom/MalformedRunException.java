package labs.classroom;

/** A run folder whose files do not say what a run of that lab says; the message is the reason, for the reader. */
final class MalformedRunException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRunException(String why) { super(why, null, false, false); }
}
