package labs.cli.vm;

/**
 * Padding by the width a terminal gives a text, not by its number of chars: a Japanese header or state (状態,
 * 実行中) takes two columns a character, and printf's %-9s would leave every later column out of line. For ASCII
 * text it pads exactly as printf does (nothing is cut: a longer text pushes its line's later columns right).
 */
public final class Columns {
    private Columns() {}

    /** Columns the text takes: 2 for an East Asian wide or full-width character, else 1. */
    public static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            w += wide(c) ? 2 : 1;
            i += Character.charCount(c);
        }
        return w;
    }

    /** Hiragana, katakana, CJK ideographs and symbols, full-width forms: the ranges labs's messages use. */
    private static boolean wide(int c) {
        return c >= 0x1100 && c <= 0x115F || c >= 0x2E80 && c <= 0xA4CF || c >= 0xAC00 && c <= 0xD7A3
                || c >= 0xF900 && c <= 0xFAFF || c >= 0xFE30 && c <= 0xFE4F || c >= 0xFF00 && c <= 0xFF60
                || c >= 0xFFE0 && c <= 0xFFE6 || c >= 0x20000 && c <= 0x3FFFD;
    }

    /** The text padded on the right to the width (like %-Ns). */
    public static String left(String s, int width) {
        return s + " ".repeat(Math.max(0, width - width(s)));
    }

    /** The text padded on the left to the width (like %Ns). */
    public static String right(String s, int width) {
        return " ".repeat(Math.max(0, width - width(s))) + s;
    }
}
