package labs.common;

import labs.common.i18n.ErrorText;
import labs.common.i18n.Msg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Whom a results folder trusts before labs writes a run into it. A results folder may sit in a shared place
 * (--results /tmp/results): another local user could then have made {@code results/<lab>} first, as a link to a
 * folder of theirs or as their own folder, and rename the run folder labs makes there and put a link in its place,
 * so that root's labs writes its files wherever they point. So the lab folder must be a real folder (never a link)
 * of this user or root, and neither it nor the results folder may be writable by others unless sticky (like /tmp:
 * there nobody renames what another user made). Group-writable is accepted: a umask of 002 (Ubuntu's user private
 * groups) makes every folder so. Trusted owners are this user, root, and under sudo the user who ran sudo (root
 * writing into that user's own results/ is what {@code sudo ./labs run vt-check} does; that user gains nothing).
 * Inside labs' emulated AMD-V machine the host user's folders, shared over 9p, show that user's uid to the machine's
 * root: there the owner is not judged (the labs outside named the folder), the link and the mode still are.
 */
public final class ResultsGuard {
    private static final int OTHER_WRITE = 0002;
    private static final int STICKY = 01000;

    private ResultsGuard() {}

    /**
     * Checks the results folder (links followed: the user named it) and its lab folder (never followed). Public for
     * labs handout, which reads a run folder and writes its handouts folder under the same rule.
     */
    public static void check(Path root, Path labDir) throws IOException {
        check(root, labDir, currentUid(), System.getenv("SUDO_UID"), EmulatedAmdV.inside());
    }

    static void check(Path root, Path labDir, int me, String sudoUid, boolean anyOwner) throws IOException {
        Trusted trusted = new Trusted(me, me == 0 ? parseUid(sudoUid) : -1, anyOwner);
        checkFolder(root.toRealPath(), root, trusted, true);
        if (Files.isSymbolicLink(labDir)) {
            throw refuse(labDir, Msg.get(ErrorText.RESULTS_LINK, Echo.of(labDir.toString()),
                    Echo.of(String.valueOf(Files.readSymbolicLink(labDir)))), Msg.get(ErrorText.RESULTS_LINK_FIX,
                    ShWord.typed(labDir.toString())));
        }
        checkFolder(labDir, labDir, trusted, false);
    }

    /** Who may own the folders: me, root, sudoUser (-1: none), or anyone. */
    record Trusted(int me, int sudoUser, boolean anyOwner) {
        boolean owns(int owner) {
            return anyOwner || owner == me || owner == 0 || owner == sudoUser;
        }
    }

    private static int parseUid(String s) {
        try {
            return s == null ? -1 : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void checkFolder(Path p, Path named, Trusted trusted, boolean followed) throws IOException {
        int me = trusted.me();
        LinkOption[] how = followed ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        int owner = (Integer) Files.getAttribute(p, "unix:uid", how);
        int mode = (Integer) Files.getAttribute(p, "unix:mode", how);
        if (!trusted.owns(owner)) {
            throw refuse(named, Msg.get(ErrorText.RESULTS_OTHER_OWNER, Echo.of(named.toString()), owner, me),
                    Msg.get(ErrorText.RESULTS_OTHER_OWNER_FIX, me, ShWord.typed(p.toString())));
        }
        if ((mode & OTHER_WRITE) != 0 && (mode & STICKY) == 0) {
            throw refuse(named, Msg.get(ErrorText.RESULTS_WORLD_WRITABLE, Echo.of(named.toString())),
                    Msg.get(ErrorText.RESULTS_WORLD_WRITABLE_FIX, ShWord.typed(p.toString())));
        }
    }

    /** The effective uid of this process: the owner of /proc/self, a link to our own /proc/PID. */
    private static int currentUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static LabsException refuse(Path named, String why, String fix) {
        return new LabsException(Msg.get(ErrorText.RESULTS_UNSAFE, Echo.of(named.toString())), why, fix);
    }
}
