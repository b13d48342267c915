package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import labs.cli.Main;
import labs.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `labs run vt-check` on saved dumps, in-process: output shape, exit codes, results folder, bad input. */
class VtCheckLabTest {
    /** The fixtures live with the checks, in the cpuinfo-check module (see its src/test/resources/README.md). */
    private static final Path FIXTURES = Path.of("../cpuinfo-check/src/test/resources").toAbsolutePath().normalize();

    @TempDir
    Path results;

    private record Run(int exit, String out, String err) {
        List<String> lines() { return out.strip().lines().toList(); }
    }

    private Run run(String... args) {
        CommandLine cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 4];
        all[0] = "run";
        all[1] = "vt-check";
        all[2] = "--results";
        all[3] = results.toString();
        System.arraycopy(args, 0, all, 4, args.length);
        return new Run(cmd.execute(all), out.toString(), err.toString());
    }

    private static String fixture(String rel) {
        return FIXTURES.resolve(rel).toString();
    }

    @Test
    void aDumpWithVmxEndsWithKvmOksLineThenTheAccelerator() throws Exception {
        Run r = run("--cpuinfo", fixture("cpuinfo/intel-vmx.cpuinfo"));
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.lines();
        assertEquals("KVM acceleration can be used", lines.get(lines.size() - 2));
        assertEquals("accelerator on that machine: kvm (ok-from-dump)", lines.get(lines.size() - 1));
        assertTrue(r.out().contains("4 of 4 processors have vmx"));
        try (var runs = Files.list(results.resolve("vt-check"))) {
            Path dir = runs.findFirst().orElseThrow();
            for (String f : List.of("meta.json", "report.txt", "report.json", "checks.csv", "cpuinfo.txt")) {
                assertTrue(Files.isRegularFile(dir.resolve(f)), f);
            }
            JsonNode meta = Json.MAPPER.readTree(dir.resolve("meta.json").toFile());
            assertEquals("kvm", meta.get("accelerator").asText());
            assertTrue(meta.get("complete").asBoolean());
            assertTrue(Files.readString(dir.resolve("checks.csv")).startsWith("id,status,title,cause,fix"));
        }
    }

    @Test
    void notX86ExitsOne() {
        Run r = run("--cpuinfo", fixture("cpuinfo/aarch64.cpuinfo"));
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("KVM acceleration can NOT be used: this is not an x86 machine (aarch64)"));
    }

    @Test
    void jsonHasStableCodes() throws Exception {
        Run r = run("--json", "--sysroot", fixture("sysroot/this-machine-pvm"));
        assertEquals(1, r.exit(), r.err());
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertEquals("no-hw-virt", j.at("/verdict/reasonCode").asText());
        assertEquals("tcg", j.at("/verdict/accelerator").asText());
        assertEquals("dump", j.get("mode").asText());
        assertEquals(0, j.at("/cpu/hwVirtCount").asInt());
        assertEquals("FAIL", findCheck(j, "cpu.hw-virt").get("status").asText());
        assertEquals("SKIP", findCheck(j, "kvm.api").get("status").asText());
    }

    @Test
    void anUnreadableCpuinfoIsInconclusive() {
        Run r = run("--cpuinfo", fixture("cpuinfo/garbage.cpuinfo"));
        assertEquals(2, r.exit());
        assertTrue(r.out().contains("FAIL  cpu.read"));
    }

    @Test
    void badInputIsAShortErrorWithExitTwoAndNoResultsFolder() throws Exception {
        for (String bad : List.of(results.resolve("missing.txt").toString(), FIXTURES.toString())) {
            Run r = run("--cpuinfo", bad);
            assertEquals(2, r.exit(), r.err());
            List<String> err = r.err().strip().lines().toList();
            assertTrue(err.get(0).startsWith("labs: --cpuinfo "), err.get(0));
            assertTrue(err.size() <= 2 && (err.size() == 1 || err.get(1).startsWith("  fix: ")), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertTrue(r.out().isEmpty());
        }
        assertFalse(Files.exists(results.resolve("vt-check")), "a results folder was left behind");
    }

    private static JsonNode findCheck(JsonNode j, String id) {
        for (JsonNode c : j.get("findings")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError(id);
    }
}
