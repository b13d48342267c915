package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import labs.cli.Main;
import labs.common.Json;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real fio failure half way: the host's test file is written, the guest boots, then fio fails inside the real
 * guest (its test file would go to /proc, where nothing can be created) before the first host/guest pair. The lab
 * must stop with fio's own words, write its (empty) tables, mark meta.json incomplete and leave no guest running.
 */
class IoCompareFailureIT {
    @TempDir
    Path tmp;

    @Test
    void fioFailingInTheGuestStopsWithFiosWords() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var cmd = Main.commandLine();
        cmd.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
        int rc = cmd.execute("run", "io-compare", "--quick", "--numjobs", "1", "--lang", "en", "--guest-dir", "/proc",
                "--results", tmp.toString());
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, rc, "a lab that ran and failed: " + text);
        // What failed (the first guest job: writing the test file), why in fio's own words (fio 3.33 cannot open
        // its --output file in /proc), and what to change.
        List<String> lines = text.lines().filter(l -> !l.startsWith("\u2026 ")).toList();
        int at = lines.indexOf("labs: fio failed on guest (job fill, exit 1)");
        assertTrue(at >= 0, text);
        assertEquals("  why: fio: output file open error: No such file or directory", lines.get(at + 1), text);
        assertEquals("  fix: fio writes its test and output files in /proc on guest: give a folder there that is "
                + "writable, on a real filesystem, with room for the test file, then run again", lines.get(at + 2),
                text);
        assertFalse(text.contains("\tat ") || text.contains("Exception"), "no stack trace without --debug: " + text);

        Path run = LabAssert.onlyRun(tmp, "io-compare");
        List<CSVRecord> rows = LabAssert.csv(run.resolve("fio.csv"));
        assertEquals(0, rows.size(), "no pair was measured: the guest failed writing its test file");
        JsonNode meta = Json.MAPPER.readTree(run.resolve("meta.json").toFile());
        assertTrue(meta.has("complete"), "meta.json says whether the run is complete");
        assertFalse(meta.get("complete").asBoolean());
        assertEquals("fio failed on guest (job fill, exit 1)", meta.path("error").asText());
        assertEquals("/proc", meta.at("/options/guestDir").asText());
        LabAssert.noQemuLeft("io-compare-" + run.getFileName());
    }
}
