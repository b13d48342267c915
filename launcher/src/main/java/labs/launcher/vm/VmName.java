package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import java.util.regex.Pattern;
import labs.common.LabsException;

/**
 * A VM's name becomes a folder, socket paths and command-line arguments, so it is checked before anything is
 * written. Stricter than libvirt on purpose: letters, digits and {@code . _ + -}, starting with a letter or digit
 * (a leading '-' would read as an option, a leading '.' would hide the folder).
 */
public final class VmName {
    public static final int MAX_LENGTH = 64;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    private VmName() {}

    /** Returns the name unchanged, or throws a usage error that says which rule it broke. */
    public static String check(String name) {
        String why = problem(name);
        if (why != null) {
            throw LabsException.usage(Msg.get(VmText.INVALID_NAME, quote(name), why),
                    Msg.get(VmText.INVALID_NAME_FIX, MAX_LENGTH));
        }
        return name;
    }

    /** The rule a name breaks, or null when it is fine. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return Msg.get(VmText.NAME_EMPTY);
        }
        if (name.length() > MAX_LENGTH) {
            return Msg.get(VmText.NAME_TOO_LONG, name.length(), MAX_LENGTH);
        }
        if (name.chars().anyMatch(c -> Character.isISOControl(c))) {
            return Msg.get(VmText.NAME_CONTROL);
        }
        if (name.contains("/")) {
            return Msg.get(VmText.NAME_SLASH);
        }
        if (name.contains("..")) {
            return Msg.get(VmText.NAME_DOTS);
        }
        if (!ALLOWED.matcher(name).matches()) {
            return Msg.get(VmText.NAME_CHARACTERS);
        }
        return null;
    }

    private static String quote(String name) {
        if (name == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder("'");
        name.codePoints().limit(80).forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append(name.length() > 80 ? "…'" : "'").toString();
    }
}
