package labs.classroom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A student's folder is another user's file tree: links in it are reported, never followed, whether they stand for
 * a run folder or for a run's meta.json; a student folder with nothing in it is reported too.
 */
class FolderScanTest {
    @TempDir
    Path tmp;

    @Test
    void linksAreReportedNotFollowed() throws IOException {
        Path real = ClassFolders.make(tmp.resolve("elsewhere"), 1);
        Path s = Files.createDirectories(tmp.resolve("class/s02/results/io-compare"));
        Files.createSymbolicLink(s.resolve("linked-run"), real.resolve("results/io-compare/20261130-10001"));
        Path run = Files.createDirectories(s.resolve("linked-meta"));
        Files.createSymbolicLink(run.resolve("meta.json"), real.resolve("results/io-compare/20261130-10001/meta.json"));
        Files.createDirectories(tmp.resolve("class/s03"));
        ClassMerge.Result r = ClassMerge.merge(ClassMerge.students(List.of(tmp.resolve("class/s02"),
                tmp.resolve("class/s03"))));
        assertEquals(List.of(), r.entries());
        assertEquals(List.of(
                new Malformed("s02", run, "no meta.json (not a regular file)"),
                new Malformed("s02", s.resolve("linked-run"), "a symbolic link: not followed"),
                new Malformed("s03", tmp.resolve("class/s03"), "no run folder (no meta.json) in it or 4 levels below")),
                sorted(r.malformed()));
    }

    /**
     * A run made with --amd-v-machine says accelerator kvm, but its KVM ran on TCG: its notes carry
     * EmulatedAmdV.CAVEAT (as the real one in meta.json does), and the merge keeps it apart from real KVM runs.
     */
    @Test
    void aRunInsideTheEmulatedAmdVMachineIsNotPooledWithRealKvm() throws IOException {
        Path real = ClassFolders.make(tmp.resolve("class"), 2);
        Path amdv = ClassFolders.make(tmp.resolve("class"), 4);
        Path meta = amdv.resolve("results/io-compare/20261130-10004/meta.json");
        com.fasterxml.jackson.databind.node.ObjectNode m =
                (com.fasterxml.jackson.databind.node.ObjectNode) labs.common.Json.MAPPER.readTree(meta.toFile());
        m.putArray("notes").add(labs.common.EmulatedAmdV.CAVEAT);
        labs.common.Json.MAPPER.writeValue(meta.toFile(), m);
        ClassMerge.Result r = ClassMerge.merge(ClassMerge.students(List.of(real, amdv)));
        Map<String, String> accel = new java.util.TreeMap<>();
        r.entries().forEach(e -> accel.put(e.run().student() + " " + e.run().lab(), e.run().accelerator()));
        assertEquals(Map.of("s02 io-compare", "kvm", "s02 vt-check", "kvm", "s04 io-compare", "kvm-amdv",
                "s04 vt-check", "kvm"), accel);
    }

    @Test
    void twoStudentsFoldersCalledResultsStayTwoStudents() {
        Map<String, Path> s = ClassMerge.students(List.of(Path.of("a/results"), Path.of("b/results"), Path.of("c")));
        assertEquals(List.of("a/results", "b/results", "c"), List.copyOf(s.keySet()));
    }

    private static List<Malformed> sorted(List<Malformed> m) {
        return m.stream().sorted(java.util.Comparator.comparing((Malformed x) -> x.student())
                .thenComparing(x -> x.path().toString())).toList();
    }
}
