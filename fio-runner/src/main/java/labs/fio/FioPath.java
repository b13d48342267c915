package labs.fio;

import labs.common.i18n.FioText;
import labs.common.i18n.Msg;
import labs.common.Echo;
import labs.common.LabsException;

/**
 * A path written the way fio's {@code --filename} reads it. fio splits that value on ':' into several files (its
 * list separator), so an unescaped "/tmp/victim.txt:/data/x" makes fio write /tmp/victim.txt too; fio's HOWTO
 * ("filename") says a colon that belongs to the name is written '\:'. fio removes the backslash in front of
 * each colon and takes every other character as is (no $VAR or ${VAR} expansion on the command line), so escaping
 * the colons alone is exact, a name holding "\:" included. Measured with fio 3.33: a file named
 * {@code a\b${FOO}$jobnum,c=d \:x} is created under exactly that name from its escaped form.
 *
 * <p>Only absolute paths are taken: fio reads "-" as stdin/stdout and drops a leading ':'; an absolute path
 * starts with '/' and has neither problem. {@code --output} is opened as given (no list syntax) and needs no
 * escaping.
 */
public final class FioPath {
    private FioPath() {}

    /** path as the value of fio's --filename. */
    public static String filename(String path) {
        if (path == null || !path.startsWith("/")) {
            throw LabsException.usage(Msg.get(FioText.FILE_NOT_ABSOLUTE,
                    path == null ? Msg.get(FioText.FILE_NONE) : "'" + Echo.of(path) + "'"),
                    Msg.get(FioText.FILE_NOT_ABSOLUTE_FIX, "--guest-dir /data"));
        }
        if (path.indexOf('\0') >= 0) {
            throw LabsException.usage(Msg.get(FioText.FILE_NUL, Echo.of(path)), Msg.get(FioText.FILE_NUL_FIX));
        }
        return path.replace(":", "\\:");
    }
}
