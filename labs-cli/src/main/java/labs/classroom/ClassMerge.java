package labs.classroom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every student's folder into one class: each run folder read once, in the order given, the second copy of
 * a run (same machine and start time, or the same files) marked as a duplicate of the first, every folder that
 * cannot be read kept with its reason. Time and memory are linear in the number of folders (one pass, hash maps).
 */
public final class ClassMerge {
    /** A run folder and what became of it. */
    public record Entry(RunFolder run, List<Figure> figures, Path duplicateOf) {
        public boolean counted() { return duplicateOf == null; }
    }

    /** The class: every run read (duplicates included, marked) and every folder reported instead. */
    public record Result(List<Entry> entries, List<Malformed> malformed) {
        public List<Entry> counted() { return entries.stream().filter(Entry::counted).toList(); }

        public List<Entry> duplicates() { return entries.stream().filter(e -> !e.counted()).toList(); }
    }

    private ClassMerge() {}

    /** @param students a student's name to that student's folder, in the order the teacher gave them */
    public static Result merge(Map<String, Path> students) {
        List<Entry> entries = new ArrayList<>();
        List<Malformed> malformed = new ArrayList<>();
        Map<String, Path> byKey = new HashMap<>();
        Map<String, Path> byContent = new HashMap<>();
        students.forEach((student, root) -> {
            FolderScan.Found found = FolderScan.scan(student, root);
            malformed.addAll(found.problems());
            for (Path dir : found.runs()) {
                try {
                    String name = root.relativize(dir).toString();
                    RunFolder run = MetaReader.read(student, dir, name.isEmpty() ? "." : name,
                            FolderScan.contentHash(dir));
                    List<Figure> figures = LabFigures.read(run);
                    Path first = byContent.putIfAbsent(run.contentHash(), dir);
                    Path sameRun = byKey.putIfAbsent(run.runKey(), dir);
                    entries.add(new Entry(run, figures, first != null ? first : sameRun));
                } catch (MalformedRunException e) {
                    malformed.add(new Malformed(student, dir, e.getMessage()));
                } catch (IOException | java.io.UncheckedIOException e) {
                    malformed.add(new Malformed(student, dir, "cannot be read: " + e.getMessage()));
                }
            }
        });
        return new Result(entries, malformed);
    }

    /**
     * Names students by their folder's name; when two folders share a name (two students' results/), by the path
     * as given, so no two students merge into one.
     */
    public static Map<String, Path> students(List<Path> dirs) {
        Map<String, Integer> count = new HashMap<>();
        for (Path d : dirs) {
            count.merge(name(d), 1, Integer::sum);
        }
        Map<String, Path> out = new LinkedHashMap<>();
        for (Path d : dirs) {
            String n = count.get(name(d)) > 1 ? d.toString() : name(d);
            out.putIfAbsent(n, d);
        }
        return out;
    }

    private static String name(Path d) {
        Path n = d.toAbsolutePath().normalize().getFileName();
        return n == null ? d.toString() : n.toString();
    }
}
