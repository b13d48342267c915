package labs.common;

/**
 * One word in sh's syntax: how labs writes every path or argument it hands to a shell (a script for the emulated
 * machine's /bin/sh, a command for a remote host's shell over ssh) and every path in a fix line a user copies.
 */
public final class ShWord {
    private ShWord() {}

    /** s in single quotes, each ' written '"'"' (sh has no escape inside single quotes): the shell gets exactly s. */
    public static String quoted(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /**
     * s as a user types it in a fix command: bare when it is plain, else quoted; a newline or escape inside quotes
     * would still break the line the user copies, so control characters are written in ANSI-C quoting ($'\x0a', as
     * bash and zsh read it).
     */
    public static String typed(String s) {
        if (s.matches("[A-Za-z0-9_./:@%+=,-]+")) {
            return s;
        }
        if (s.chars().anyMatch(Character::isISOControl)) {
            StringBuilder b = new StringBuilder("$'");
            s.codePoints().forEach(c -> b.append(c == '\'' || c == '\\' ? "\\" + (char) c
                    : Character.isISOControl(c) ? String.format("\\x%02x", c) : new String(Character.toChars(c))));
            return b.append('\'').toString();
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
