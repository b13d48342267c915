package labs.handout;

/** A path written into a fix command, quoted for sh so that it is typed as one word, whatever it holds. */
final class Shell {
    private Shell() {}

    static String quote(String s) {
        if (s.matches("[A-Za-z0-9_./:@%+=,-]+")) {
            return s;
        }
        if (s.chars().anyMatch(Character::isISOControl)) {
            // a newline or escape inside quotes would still break the line the user copies: ANSI-C quoting, escaped
            StringBuilder b = new StringBuilder("$'");
            s.codePoints().forEach(c -> b.append(c == '\'' || c == '\\' ? "\\" + (char) c
                    : Character.isISOControl(c) ? String.format("\\x%02x", c) : new String(Character.toChars(c))));
            return b.append('\'').toString();
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
