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
import labs.common.i18n.CliText;
import labs.common.i18n.Msg;

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
            throw LabsException.usage(Msg.get(CliText.RUN_NO_FOLDER, Echo.of(named.toString())),
                    Msg.get(CliText.RUN_NO_FOLDER_FIX, ShWord.typed("results/" + lab), lab));
        }
        mayRead(run, named);
        if (!Files.isDirectory(run) || !Files.isRegularFile(meta, LinkOption.NOFOLLOW_LINKS)) {
            throw LabsException.usage(Msg.get(CliText.RUN_NOT_RUN, Echo.of(named.toString())),
                    Msg.get(CliText.RUN_NOT_RUN_FIX, lab));
        }
        String itsLab = MetaFile.read(run).path("lab").asText("");
        if (itsLab.isEmpty()) {   // a JSON array, null, or an object without "lab": not written by labs
            throw LabsException.usage(Msg.get(CliText.RUN_NO_LAB, Echo.of(named.toString())),
                    Msg.get(CliText.RUN_NO_LAB_FIX, lab));
        }
        if (!itsLab.equals(lab)) {
            throw LabsException.usage(Msg.get(CliText.RUN_OTHER_LAB, Echo.of(named.toString()), Echo.of(itsLab), lab),
                    "./labs handout " + (HandoutSource.LABS.contains(itsLab) ? itsLab : lab)
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
                throw new LabsException(Msg.get(CliText.CANNOT_LIST, labDir), e.getMessage(),
                        Msg.get(CliText.CHECK_FOLDER_PERMISSIONS));
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
        String stopped = runs.isEmpty() ? "" : Msg.get(CliText.NO_RUN_STOPPED, lab,
                ShWord.typed(runs.get(0).toString()));
        throw LabsException.usage(runs.isEmpty() ? Msg.get(CliText.NO_RUN, lab, Echo.of(labDir.toString()))
                : Msg.get(CliText.NO_COMPLETE_RUN, lab, Echo.of(labDir.toString()), runs.size()),
                Msg.get(CliText.NO_RUN_FIX, lab, results, stopped));
    }

    /** A folder this user may not list (another user's, mode 700) is said as such, not as "no meta.json". */
    private static void mayRead(Path run, Path named) {
        if (Files.isDirectory(run) && (!Files.isReadable(run) || !Files.isExecutable(run))) {
            throw LabsException.usage(Msg.get(CliText.MAY_NOT_READ, Echo.of(named.toString()),
                    ShWord.typed(run.toString())), Msg.get(CliText.MAY_NOT_READ_FIX));
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
