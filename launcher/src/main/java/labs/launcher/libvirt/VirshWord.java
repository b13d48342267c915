package labs.launcher.libvirt;

import labs.common.LabsException;

/**
 * A word for virsh's own command parser (the lines virsh reads in its script mode), which splits on blanks and gives
 * meaning to quotes, backslashes, '#' and ';': a path goes in only if it has none of those, else it is refused.
 */
final class VirshWord {
    private VirshWord() {}

    static String of(String word) {
        if (!word.matches("[A-Za-z0-9/._+@:,=-]+")) {
            throw LabsException.usage("the path " + word + " cannot be handed to virsh's command reader (it has "
                    + "blanks, quotes or other characters virsh would read)", "set TMPDIR to a plain folder, e.g. "
                    + "TMPDIR=/tmp");
        }
        return word;
    }
}
