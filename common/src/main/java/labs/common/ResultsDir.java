package labs.common;

import labs.common.i18n.ErrorText;
import labs.common.i18n.Msg;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** {@code results/<lab>/<timestamp>/}: one folder per run, never reused, so nothing measured earlier is lost. */
public final class ResultsDir {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final Path dir;

    private ResultsDir(Path dir) { this.dir = dir; }

    /**
     * A new run folder, with a first meta.json ({@code complete: false}) written at once: a folder without it
     * (the disk full from the start) is removed again, so that no run folder ever lacks its meta.json.
     */
    public static ResultsDir create(Path root, String lab) {
        String stamp = LocalDateTime.now().format(STAMP);
        Path made;
        try {
            Path parent = Files.createDirectories(root.resolve(lab));
            ResultsGuard.check(root, parent);   // before anything is written there: another user's link or folder
            for (int i = 0; ; i++) {
                Path candidate = parent.resolve(i == 0 ? stamp : stamp + "-" + i);
                try {
                    made = Files.createDirectory(candidate);
                    break;
                } catch (FileAlreadyExistsException e) {
                    // two runs in the same second: take the next suffix
                }
            }
        } catch (IOException e) {
            throw new LabsException(Msg.get(ErrorText.RESULTS_CANNOT_CREATE, root.toAbsolutePath()),
                    e.getMessage(), Msg.get(ErrorText.RESULTS_CHOOSE_WRITABLE));
        }
        ResultsDir run = new ResultsDir(made);
        try {
            new RunMeta(lab).save(run);
        } catch (LabsException e) {
            try {
                Files.deleteIfExists(made);
            } catch (IOException ignored) {
                // the write's own failure is the one to report
            }
            throw e;
        }
        return run;
    }

    public Path path() { return dir; }

    public Path file(String name) { return dir.resolve(name); }

    /**
     * A {@link JsonOut.Writable} writes itself (fast at start-up); any other value goes through databind. Written
     * beside and renamed into place: meta.json is rewritten as a lab goes, and a Ctrl-C or a full disk in the middle
     * of a rewrite must leave the previous version, not half of the new one.
     */
    public synchronized void writeJson(String name, Object value) {
        if (value instanceof JsonOut.Writable w) {
            ResultFile.writeText(file(name), out -> JsonOut.write(out, w));
        } else {
            ResultFile.write(file(name), out -> Json.MAPPER.writeValue(out, value));
        }
    }

    public void writeString(String name, String text) {
        ResultFile.writeString(file(name), text);
    }
}
