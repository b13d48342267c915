package labs.common;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** {@code results/<lab>/<timestamp>/}: one folder per run, never reused, so nothing measured earlier is lost. */
public final class ResultsDir {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final Path dir;

    private ResultsDir(Path dir) { this.dir = dir; }

    public static ResultsDir create(Path root, String lab) {
        String stamp = LocalDateTime.now().format(STAMP);
        try {
            Path parent = Files.createDirectories(root.resolve(lab));
            for (int i = 0; ; i++) {
                Path candidate = parent.resolve(i == 0 ? stamp : stamp + "-" + i);
                try {
                    return new ResultsDir(Files.createDirectory(candidate));
                } catch (FileAlreadyExistsException e) {
                    // two runs in the same second: take the next suffix
                }
            }
        } catch (IOException e) {
            throw new LabsException("cannot create the results folder under " + root.toAbsolutePath(),
                    e.getMessage(), "choose a writable folder with --results DIR");
        }
    }

    public Path path() { return dir; }

    public Path file(String name) { return dir.resolve(name); }

    /**
     * A {@link JsonOut.Writable} writes itself (fast at start-up); any other value goes through databind. Written
     * beside and renamed into place: meta.json is rewritten as a lab goes, and a Ctrl-C or a full disk in the middle
     * of a rewrite must leave the previous version, not half of the new one.
     */
    public synchronized void writeJson(String name, Object value) {
        Path tmp = file("." + name + ".tmp");
        try {
            if (value instanceof JsonOut.Writable w) {
                JsonOut.write(tmp, w);
            } else {
                Json.MAPPER.writeValue(tmp.toFile(), value);
            }
            Files.move(tmp, file(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the message below is about the first failure, which matters more
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw cannotWrite(name, (IOException) e);
        }
    }

    public void writeString(String name, String text) {
        try {
            Files.writeString(file(name), text);
        } catch (IOException e) {
            throw cannotWrite(name, e);
        }
    }

    /** A results file that cannot be written (a full disk, most often) is the user's to fix, not an internal error. */
    private LabsException cannotWrite(String name, IOException e) {
        return new LabsException("cannot write " + file(name), String.valueOf(e.getMessage()),
                "free some space on that filesystem, or choose another folder with --results DIR");
    }
}
