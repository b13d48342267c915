package labs.common;

/**
 * User input quoted back in a message, bounded: a 60 MB one-line file or a 20,000-character option must not be
 * printed whole, and a control character (a newline, an escape sequence) must not reach the terminal as is.
 */
public final class Echo {
    /** Characters of input shown at most; the rest becomes "…". */
    public static final int MAX = 200;

    private Echo() {}

    /** The first {@value #MAX} characters of value, control characters written as \n, \t or \\uXXXX. */
    public static String of(Object value) {
        return of(value, MAX);
    }

    /** The same with another bound (a whole message that quotes input). */
    public static String of(Object value, int max) {
        String s = String.valueOf(value);
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 8);
        int n = Math.min(s.length(), max);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > max) {
            sb.append('…');
        }
        return sb.toString();
    }
}
