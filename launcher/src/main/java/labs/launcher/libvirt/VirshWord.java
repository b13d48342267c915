package labs.launcher.libvirt;

import labs.common.LabsException;
import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;

/**
 * A word for virsh's own command parser (the lines virsh reads in its script mode), which splits on blanks and gives
 * meaning to quotes, backslashes, '#' and ';': a path goes in only if it has none of those, else it is refused.
 */
final class VirshWord {
    private VirshWord() {}

    static String of(String word) {
        if (!word.matches("[A-Za-z0-9/._+@:,=-]+")) {
            throw LabsException.usage(Msg.get(LauncherText.VIRSH_WORD, word), Msg.get(LauncherText.VIRSH_WORD_FIX, "TMPDIR=/tmp"));
        }
        return word;
    }
}
