package labs.handout;

import labs.common.ShWord;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import labs.common.Echo;
import labs.common.LabsException;

/**
 * Which run a handout is made from: the one --run names, or the newest complete run of the lab under the results
 * folder (results/LAB/yyyyMMdd-HHmmss[-N], as {@link labs.common.ResultsDir} names them).
 */
public final class RunPick {
    private static final Pattern STAMP = Pattern.compile("(\\d{8}-\\d{6})(?:-(\\d+))?");

    private RunPick() {}

    /** The run folder --run names (its links resolved), checked to be a safe folder and a run of this lab. */
    public static Path given(Path named, String lab) {
        Path run = FolderTrust.runToRead(named, lab);
        Path meta = run.resolve("meta.json");
        if (!Files.exists(run)) {
            throw LabsException.usage("--run " + Echo.of(named.toString()) + ": there is no such folder",
                    "give the folder of one run (ls " + ShWord.typed("results/" + lab) + "), or leave --run out to"
                    + " take the newest complete run of " + lab);
        }
        mayRead(run, named);
        if (!Files.isDirectory(run) || !Files.isRegularFile(meta, LinkOption.NOFOLLOW_LINKS)) {
            throw LabsException.usage("--run " + Echo.of(named.toString()) + " is not a run folder of labs (no meta.json"
                    + " in it)", "give the folder of one run, e.g. --run results/" + lab + "/20261130-180434,"
                    + " or leave --run out to take the newest run of " + lab);
        }
        String itsLab = MetaFile.read(run).path("lab").asText("");
        if (itsLab.isEmpty()) {   // a JSON array, null, or an object without "lab": not written by labs
            throw LabsException.usage("--run " + Echo.of(named.toString()) + ": its meta.json names no lab, so it is"
                    + " not a run folder as labs writes it", "give --run the folder of a run of " + lab + ", or make"
                    + " one: ./labs run " + lab + " --quick");
        }
        if (!itsLab.equals(lab)) {
            throw LabsException.usage("--run " + Echo.of(named.toString()) + " is a run of '" + Echo.of(itsLab)
                    + "', not of " + lab, "./labs handout " + (HandoutSource.LABS.contains(itsLab) ? itsLab : lab)
                    + " --run " + ShWord.typed(named.toString()));
        }
        return run;
    }

    /** The newest complete run of the lab under resultsRoot; exit 2 with the command that makes one when none. */
    public static Path newest(Path resultsRoot, String lab) {
        Path labDir = resultsRoot.resolve(lab);
        List<Path> runs = new ArrayList<>();
        if (Files.isDirectory(labDir)) {
            FolderTrust.labFolderToRead(resultsRoot, labDir);
            try (var s = Files.list(labDir)) {
                s.filter(p -> STAMP.matcher(p.getFileName().toString()).matches())
                        .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(runs::add);
            } catch (IOException e) {
                throw new LabsException("cannot list " + labDir, e.getMessage(), "check the folder's permissions");
            }
        }
        runs.sort(Comparator.comparing(RunPick::sortKey).reversed());
        for (Path run : runs) {
            FolderTrust.runToRead(run, lab);   // before its meta.json is read
            mayRead(run, run);   // not "stopped part way": a folder this user cannot read
            if (Files.isRegularFile(run.resolve("meta.json"), LinkOption.NOFOLLOW_LINKS) && complete(run)) {
                return run;
            }
        }
        String results = resultsRoot.toString().equals("results") ? ""
                : " --results " + ShWord.typed(resultsRoot.toString());
        // a stopped run still makes a handout (its page says what is missing), when asked for by name
        String stopped = runs.isEmpty() ? "" : "; or, from the stopped run as it is: ./labs handout " + lab + " --run "
                + ShWord.typed(runs.get(0).toString());
        throw LabsException.usage("no " + (runs.isEmpty() ? "" : "complete ") + "run of " + lab + " under "
                + Echo.of(labDir.toString()) + (runs.isEmpty() ? "" : " (" + runs.size() + " stopped part way)")
                + ": the handout is made from your own run's figures",
                "./labs run " + lab + " --quick" + results + "   (then: ./labs handout " + lab + results + ")"
                + stopped);
    }

    /** A folder this user may not list (another user's, mode 700) is said as such, not as "no meta.json". */
    private static void mayRead(Path run, Path named) {
        if (Files.isDirectory(run) && (!Files.isReadable(run) || !Files.isExecutable(run))) {
            throw LabsException.usage("this user may not read the run folder " + Echo.of(named.toString())
                    + " (ls -ld " + ShWord.typed(run.toString()) + ")", "make the handout as the user who ran the lab"
                    + " (or with sudo), or ask them to copy the run folder to you");
        }
    }

    private static boolean complete(Path run) {
        JsonNode meta = MetaFile.read(run);
        return meta.path("complete").asBoolean(false);
    }

    /** yyyyMMdd-HHmmss, then the suffix a second run in the same second gets, as a number (-10 after -9). */
    private static String sortKey(Path run) {
        Matcher m = STAMP.matcher(run.getFileName().toString());
        m.matches();
        return m.group(1) + String.format("%08d", m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    }
}
