package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import labs.cli.Main;
import labs.common.Json;
import labs.common.LabsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The run template every lab goes through: its results folder, meta.json and failure path, on a real folder. */
class LabRunTest {
    @TempDir
    Path tmp;

    private LabRun start() {
        LabOptions options = new LabOptions();
        options.resultsRoot = tmp.resolve("results");
        return LabRun.start(options, "some-lab");
    }

    private static JsonNode meta(LabRun run) throws IOException {
        return Json.MAPPER.readTree(run.dir.file("meta.json").toFile());
    }

    @Test
    void aFailingStepLeavesMetaIncompleteWithItsErrorAndKeepsWhatWasMeasured() throws Exception {
        LabRun run = start();
        run.meta.options.put("repeat", 3);
        run.save();
        List<String> order = new ArrayList<>();
        run.keepOnFailure(() -> {
            order.add("tables");
            run.dir.writeString("fio.csv", "side\nhost\n");
        });
        LabsException fio = LabsException.failed("fio failed on guest (job fill, exit 1)", "fio: no space", null);
        LabsException thrown = assertThrows(LabsException.class, () -> run.measure(() -> {
            order.add("protocol");
            throw fio;
        }));
        assertSame(fio, thrown, "the step's own error goes on to the CLI");
        assertEquals(List.of("protocol", "tables"), order);
        assertEquals("side\nhost\n", Files.readString(run.dir.file("fio.csv")));
        JsonNode meta = meta(run);
        assertFalse(meta.get("complete").asBoolean(), meta.toString());
        assertEquals("fio failed on guest (job fill, exit 1)", meta.get("error").asText());
        assertTrue(meta.hasNonNull("finished"), meta.toString());
        assertEquals(3, meta.at("/options/repeat").asInt());
    }

    /** A table that cannot be written either (a full disk) stays attached to the run's error, not in its place. */
    @Test
    void aKeepThatFailsDoesNotHideTheRunsError() {
        LabRun run = start();
        IOException full = new IOException("No space left on device");
        run.keepOnFailure(() -> {
            throw full;
        });
        IllegalStateException bug = new IllegalStateException("bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> run.measure(() -> {
            throw bug;
        })));
        assertSame(full, bug.getSuppressed()[0]);
    }

    @Test
    void aRunIsCompleteOnlyOnceTheLabSaysSo() throws Exception {
        LabRun run = start();
        assertEquals(42, run.measure(() -> 42));
        assertFalse(meta(run).get("complete").asBoolean(), "measured, not yet reported");
        run.complete();
        JsonNode meta = meta(run);
        assertTrue(meta.get("complete").asBoolean(), meta.toString());
        assertTrue(meta.get("error").isNull(), meta.toString());
        assertEquals("some-lab", meta.get("lab").asText());
    }

    /** picocli converts the labs' enum options (LowerCaseEnum, LangOption): the choices named as the user types them. */
    @Test
    void enumOptionsAreConvertedByPicocli() {
        assertEquals("labs: --disk-format vmdk is not one of: raw, qcow2\n  fix: give one of: raw, qcow2\n",
                usageError("run", "io-compare", "--disk-format", "vmdk"));
        assertEquals("labs: --cache unsafe is not one of: none, writeback\n  fix: give one of: none, writeback\n",
                usageError("run", "io-compare", "--cache", "unsafe"));
        assertEquals("labs: --accel hvf is not one of: auto, kvm, tcg\n  fix: give one of: auto, kvm, tcg\n",
                usageError("run", "vm-lifecycle", "--accel", "hvf"));
        assertEquals("labs: --lang fr is not one of: ja, en, auto\n  fix: give --lang ja or --lang en (or auto: from "
                + "the locale)\n", usageError("run", "cpu-overhead", "--lang", "fr"));
        assertTrue(Files.notExists(tmp.resolve("results")), "nothing made on bad input");
    }

    private String usageError(String... args) {
        CommandLine cmd = Main.commandLine(args);
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--results", tmp.resolve("results").toString()));
        assertEquals(2, cmd.execute(all.toArray(String[]::new)), err.toString());
        return err.toString();
    }
}
