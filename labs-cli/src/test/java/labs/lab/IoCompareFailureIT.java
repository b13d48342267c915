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
 * A real fio failure half way: the host side is measured, then fio fails inside the real guest (its test file
 * would go to /proc, where nothing can be created). The lab must stop with fio's own words, keep the host's
 * figures, mark meta.json incomplete and leave no guest running.
 */
class IoCompareFailureIT {
    @TempDir
    Path tmp;

    @Test
    void fioFailingInTheGuestKeepsTheHostFigures() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var cmd = Main.commandLine();
        cmd.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
        int rc = cmd.execute("run", "io-compare", "--quick", "--numjobs", "1", "--lang", "en", "--guest-dir", "/proc",
                "--results", tmp.toString());
        assertEquals(1, rc);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("fio failed on guest"), text);
        assertTrue(text.contains("fio:") || text.contains("error"), "fio's own message is shown: " + text);

        Path run = LabAssert.onlyRun(tmp, "io-compare");
        List<CSVRecord> rows = LabAssert.csv(run.resolve("fio.csv"));
        assertEquals(4, rows.size(), "the host's seq-read, seq-write, rand-read, rand-write");
        rows.forEach(r -> assertEquals("host", r.get("side")));
        JsonNode meta = Json.MAPPER.readTree(run.resolve("meta.json").toFile());
        assertFalse(meta.path("complete").asBoolean());
        assertTrue(meta.path("error").asText().contains("fio failed on guest"));
        LabAssert.noQemuLeft("io-compare-" + run.getFileName());
    }
}
