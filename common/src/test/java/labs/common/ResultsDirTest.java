package labs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsDirTest {
    @TempDir
    Path root;

    @Test
    void twoRunsInTheSameSecondNeverShareAFolder() {
        ResultsDir a = ResultsDir.create(root, "io-compare");
        ResultsDir b = ResultsDir.create(root, "io-compare");
        assertNotEquals(a.path(), b.path());
        assertEquals(root.resolve("io-compare"), a.path().getParent());
    }

    /** A run folder is never without meta.json: the first one (complete false) is written as the folder is made. */
    @Test
    void aNewRunHoldsAnIncompleteMetaJsonAtOnce() throws Exception {
        ResultsDir dir = ResultsDir.create(root, "fio-import");
        var node = Json.MAPPER.readTree(dir.file("meta.json").toFile());
        assertEquals("fio-import", node.get("lab").asText());
        assertTrue(!node.get("complete").asBoolean());
    }

    @Test
    void metaJsonSaysWhetherTheRunFinished() throws Exception {
        ResultsDir dir = ResultsDir.create(root, "vt-check");
        RunMeta meta = new RunMeta("vt-check");
        meta.versions.put("fio", "fio-3.33");
        meta.save(dir);
        String first = Files.readString(dir.file("meta.json"));
        assertTrue(first.contains("\"complete\" : false"), first);
        meta.finish(true);
        meta.save(dir);
        var node = Json.MAPPER.readTree(dir.file("meta.json").toFile());
        assertTrue(node.get("complete").asBoolean());
        assertEquals("fio-3.33", node.get("versions").get("fio").asText());
    }

    /** A rewrite that fails midway (here a value that cannot be serialised) keeps the previous file whole. */
    @Test
    void aFailedRewriteLeavesThePreviousJsonAndNoTempFile() throws Exception {
        ResultsDir dir = ResultsDir.create(root, "io-compare");
        dir.writeJson("r.json", java.util.Map.of("a", 1));
        Object bad = new Object() {
            @SuppressWarnings("unused")
            public String getX() { throw new IllegalStateException("boom"); }
        };
        org.junit.jupiter.api.Assertions.assertThrows(LabsException.class, () -> dir.writeJson("r.json", bad));
        assertEquals(1, Json.MAPPER.readTree(dir.file("r.json").toFile()).get("a").asInt());
        try (var files = Files.list(dir.path())) {
            assertEquals(java.util.List.of("meta.json", "r.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** A results file that cannot be written is a LabsException (what/why/fix, exit 2), not an internal error. */
    @Test
    void aResultsFileThatCannotBeWrittenSaysWhichAndWhatToDo() throws Exception {
        ResultsDir dir = ResultsDir.create(root, "io-compare");
        Files.delete(dir.file("meta.json"));
        Files.createDirectory(dir.file("meta.json"));   // in the way, even for root
        LabsException e = org.junit.jupiter.api.Assertions.assertThrows(LabsException.class,
                () -> new RunMeta("io-compare").save(dir));
        assertTrue(e.getMessage().contains("meta.json"), e.getMessage());
        assertTrue(e.fix().contains("--results"), e.fix());
        LabsException s = org.junit.jupiter.api.Assertions.assertThrows(LabsException.class,
                () -> dir.writeString("meta.json", "x"));
        assertEquals(LabsException.EXIT_USAGE, s.exitCode());
    }
}
