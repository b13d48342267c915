package labs.handout;

import labs.common.ShWord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import labs.common.Echo;
import labs.common.LabsException;
import labs.common.ResultsGuard;

/**
 * The run folder a handout reads and the folder it writes into, judged by labs' one rule for folders another user
 * could have prepared ({@link ResultsGuard}, as `labs run` judges its results folder): a folder of this user or
 * root (or the sudo user), not writable by every user unless sticky. In a folder another user can write, that user
 * can swap a CSV for a link to a file only root may read (and see it on the page), or swap the handout root writes
 * for a link to a file of root's. The refusal is said for what the handout does, with a fix that works here.
 */
final class FolderTrust {
    private FolderTrust() {}

    /** The run folder, its links resolved (the user named it), after checking it and the folder holding it. */
    static Path runToRead(Path run, String lab) {
        Path real;
        try {
            real = run.toRealPath();
        } catch (IOException e) {
            return run;   // not there: RunPick says so, with the fix
        }
        Path parent = real.getParent() != null ? real.getParent() : real;
        try {
            ResultsGuard.check(parent, real);
        } catch (LabsException e) {
            // ResultsGuard's own fix names the folders unquoted: kept only where that is one shell word as typed
            String guardFix = plain(real.toString()) ? e.fix() + "; or " : "";
            throw new LabsException("the run folder " + Echo.of(run.toString()) + " is not safe to read from",
                    Echo.of(e.why(), 1000), guardFix + "copy the run to a folder of your own and make the handout from"
                    + " the copy: mkdir -p"
                    + " ~/labs-runs && cp -r " + ShWord.typed(real.toString()) + " ~/labs-runs/ && ./labs handout "
                    + lab + " --run ~/labs-runs/" + ShWord.typed(real.getFileName() == null ? "RUN"
                    : real.getFileName().toString()));
        } catch (IOException e) {
            throw new LabsException("cannot check the run folder " + Echo.of(run.toString()), e.getMessage(),
                    "check the folder's permissions (ls -ld " + ShWord.typed(real.toString()) + ")");
        }
        return real;
    }

    /** A path that is one shell word as it is (ResultsGuard's fixes print paths unquoted). */
    private static boolean plain(String path) {
        return ShWord.typed(path).equals(path);
    }

    /** The lab's folder under --results, before its runs are listed and read. */
    static void labFolderToRead(Path resultsRoot, Path labDir) {
        try {
            ResultsGuard.check(resultsRoot, labDir);
        } catch (LabsException e) {
            throw new LabsException("the results folder " + Echo.of(labDir.toString()) + " is not safe to read from",
                    Echo.of(e.why(), 1000), plain(labDir.toAbsolutePath().toString()) ? e.fix()
                    : "give --results a folder of your own, or --run the run folder itself");
        } catch (IOException e) {
            throw new LabsException("cannot check the results folder " + Echo.of(labDir.toString()), e.getMessage(),
                    "check the folder's permissions (ls -ld " + ShWord.typed(labDir.toString()) + ")");
        }
    }

    /** Makes --out if missing and checks it and its parent; a folder made here and refused is removed again. */
    static void outToWrite(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        boolean existed = Files.exists(abs, LinkOption.NOFOLLOW_LINKS);
        try {
            Files.createDirectories(abs);
            ResultsGuard.check(abs.getParent() != null ? abs.getParent() : abs, abs);
        } catch (LabsException e) {
            if (!existed) {
                try {
                    Files.deleteIfExists(abs);
                } catch (IOException ignored) {
                    // the refusal is the one to report
                }
            }
            throw new LabsException("the folder " + Echo.of(out.toString()) + " is not safe to write the handout into",
                    Echo.of(e.why(), 1000), "give --out a folder of your own, e.g. --out ~/handouts");
        } catch (IOException e) {
            throw new LabsException("cannot make the folder " + Echo.of(out.toString()) + " for the handout",
                    HandoutFiles.why(e), "give --out a folder you can write, e.g. --out ~/handouts");
        }
    }
}
