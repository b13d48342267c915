package labs.classroom;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Finds the run folders in one student's folder: the folder itself, results/LAB/TIME/ below it, or anything in
 * between, down to {@link #DEPTH} levels. A run folder is one that holds meta.json or a file only a run writes;
 * its own subfolders (vt-check's sysroot/) are not searched. A folder below the student's with neither a run's
 * file nor subfolders (an emptied run folder, one holding only charts) is reported, not skipped. Symbolic links are never followed: a student's folder
 * is another user's file tree, and a link could point anywhere (it is reported instead).
 */
final class FolderScan {
    static final int DEPTH = 4;
    private static final Set<String> RUN_FILES = Set.of("meta.json", "figures.csv", "fio.csv", "pairs.csv",
            "report.json", "checks.csv");

    /** The folders found: the run folders, and the ones reported instead (links, unreadable folders). */
    record Found(List<Path> runs, List<Malformed> problems) {}

    private FolderScan() {}

    static Found scan(String student, Path root) {
        List<Path> runs = new ArrayList<>();
        List<Malformed> problems = new ArrayList<>();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            problems.add(new Malformed(student, root, Files.isSymbolicLink(root)
                    ? "a symbolic link: not followed (give the folder it points to)" : "not a folder"));
            return new Found(runs, problems);
        }
        walk(student, root, 0, runs, problems);
        if (runs.isEmpty() && problems.isEmpty()) {
            problems.add(new Malformed(student, root, "no run folder (no meta.json) in it or "
                    + DEPTH + " levels below"));
        }
        return new Found(runs, problems);
    }

    private static void walk(String student, Path dir, int depth, List<Path> runs, List<Malformed> problems) {
        List<Path> children = new ArrayList<>();
        boolean isRun = false;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                isRun |= RUN_FILES.contains(p.getFileName().toString());
                children.add(p);
            }
        } catch (IOException e) {
            problems.add(new Malformed(student, dir, "cannot be read: " + e));
            return;
        }
        if (isRun) {
            runs.add(dir);
            return;
        }
        children.sort(null);
        if (depth > 0 && children.stream().noneMatch(c -> Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS))) {
            // a results/LAB/TIME folder without meta.json (emptied, or only charts copied): said, not skipped
            problems.add(new Malformed(student, dir, children.isEmpty() ? "an empty folder, no meta.json"
                    : "no meta.json: not a run folder of labs (" + children.size() + " other files)"));
            return;
        }
        for (Path c : children) {
            if (Files.isSymbolicLink(c)) {
                problems.add(new Malformed(student, c, "a symbolic link: not followed"));
            } else if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS) && depth < DEPTH) {
                walk(student, c, depth + 1, runs, problems);
            }
        }
    }

    /**
     * SHA-256 over every regular file below the run folder, by relative name then bytes, in name order: two
     * folders hash the same only when they hold the same files with the same contents.
     */
    static String contentHash(Path run) throws IOException {
        MessageDigest d = MetaReader.digest();
        List<Path> files = new ArrayList<>();
        try (var s = Files.walk(run)) {
            s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            d.update(run.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            d.update((byte) 0);
            try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {   // swapped for a link: refused
                in.transferTo(new java.security.DigestOutputStream(OutputStream.nullOutputStream(), d));
            }
            d.update((byte) 0);
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
