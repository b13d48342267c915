package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import labs.common.HostRunner;
import labs.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real check on this machine, through the built jar in a child JVM (as ./labs runs it): the verdict must
 * follow from what the machine shows, whatever machine the tests run on.
 */
class VtCheckIT {
    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private Run labs(List<String> prefix, List<String> jvm, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.add("-jar");
        cmd.add(System.getProperty("labs.jar"));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("out-" + System.nanoTime());
        Path err = tmp.resolve("err-" + System.nanoTime());
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "vt-check did not finish");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The book's count: lines of /proc/cpuinfo whose flags name vmx or svm, one per logical CPU. */
    private static final String HW_VIRT = "^flags.*(vmx|svm)";

    /** {@code grep -cE REGEX FILE}, a real grep; exit 1 is grep's "no line matched", which -c prints as 0. */
    private static int grepCount(String regex, Path file) throws Exception {
        Process p = new ProcessBuilder("grep", "-cE", regex, file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "grep did not finish");
        assertTrue(p.exitValue() <= 1, "grep failed on " + file + ": exit " + p.exitValue());
        return Integer.parseInt(out);
    }

    private static boolean opens(Path dev) {
        try (FileChannel ch = FileChannel.open(dev, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void theVerdictFollowsFromWhatThisMachineShows() throws Exception {
        Path results = Files.createDirectories(tmp.resolve("results"));
        Run r = labs(List.of(), List.of(), "run", "vt-check", "--json", "--results", results.toString());
        JsonNode j = Json.MAPPER.readTree(r.out());
        // The oracle is the book's own command, not this project's parser.
        Path cpuinfo = Path.of("/proc/cpuinfo");
        int hw = grepCount(HW_VIRT, cpuinfo);
        assertEquals(hw, j.at("/cpu/hwVirtCount").asInt(), "the book's number");
        boolean devOpens = opens(Path.of("/dev/kvm"));
        String code = j.at("/verdict/reasonCode").asText();
        boolean usable = j.at("/verdict/kvmUsable").asBoolean();
        if (hw == 0) {
            assertFalse(usable);
            assertEquals("tcg", j.at("/verdict/accelerator").asText());
            assertTrue(code.equals("no-hw-virt") || code.equals("hw-virt-disabled-in-firmware"), code);
            assertEquals(1, r.exit());
            // Next to the fixes: the way to see the KVM side on this very machine (issue 12).
            assertTrue(check(j, "cpu.hw-virt").get("fix").asText().contains("labs run vt-check --amd-v-machine"),
                    check(j, "cpu.hw-virt").toString());
            if (devOpens && code.equals("no-hw-virt")) {
                // This project's machine: kvm_pvm answers the API without VT-x; the sentence the issue asks for.
                assertEquals("the KVM API answers but the CPU exposes no hardware virtualization, so "
                        + "Linux guests run under TCG", j.at("/verdict/reason").asText());
                assertEquals("PASS", check(j, "kvm.api").get("status").asText());
            }
        } else if (!devOpens) {
            assertFalse(usable);
            assertEquals(1, r.exit());
        } else {
            assertEquals(usable ? 0 : 1, r.exit());
            assertEquals(usable, check(j, "kvm.api").get("status").asText().equals("PASS"));
        }
        // Every line that is not PASS says why and what to do.
        for (JsonNode c : j.get("findings")) {
            if (!c.get("status").asText().equals("PASS")) {
                assertFalse(c.get("why").isNull() || c.get("fix").isNull(), c.toString());
            }
        }
        try (var runs = Files.list(results.resolve("vt-check"))) {
            Path dir = runs.findFirst().orElseThrow();
            JsonNode meta = Json.MAPPER.readTree(dir.resolve("meta.json").toFile());
            assertEquals(j.at("/verdict/accelerator").asText(), meta.get("accelerator").asText());
            assertEquals(grepCount("^processor", cpuinfo), meta.at("/host/logicalCpus").asInt());
            // The saved copy is the same file as far as the book's command can tell.
            Path saved = dir.resolve("sysroot").resolve("proc").resolve("cpuinfo");
            assertEquals(hw, grepCount(HW_VIRT, saved), saved.toString());
            // The saved sysroot checks again to the same CPU verdict (what a teacher does with a handed-in run).
            Run again = labs(List.of(), List.of(), "run", "vt-check", "--json", "--sysroot",
                    dir.resolve("sysroot").toString(), "--results", tmp.resolve("again").toString());
            JsonNode k = Json.MAPPER.readTree(again.out());
            assertEquals(hw, k.at("/cpu/hwVirtCount").asInt());
            assertEquals(j.at("/verdict/accelerator").asText(), k.at("/verdict/accelerator").asText());
            assertEquals(check(j, "kvm.module").get("title").asText(), check(k, "kvm.module").get("title").asText());
        }
    }

    @Test
    void aUserWhoCannotOpenDevKvmGetsTheUsermodHint() throws Exception {
        assumeTrue(HostRunner.isRoot() && HostRunner.which("runuser") != null, "needs root to run as nobody");
        Path dev = Path.of("/dev/kvm");
        assumeTrue(Files.exists(dev), "no /dev/kvm here");
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(dev));
        assumeTrue(mode.endsWith("---"), "/dev/kvm is open to everybody here (" + mode + ")");
        Path results = Files.createDirectories(tmp.resolve("nobody"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        // nobody's own results folder: labs refuses one that every user can write (ResultsGuard)
        Files.setOwner(results, results.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        Run r = labs(List.of("runuser", "-u", "nobody", "--"), List.of("-Duser.home=/tmp"),
                "run", "vt-check", "--json", "--results", results.toString());
        JsonNode j = Json.MAPPER.readTree(r.out());
        JsonNode open = check(j, "dev-kvm.open");
        assertEquals("FAIL", open.get("status").asText(), r.err());
        assertTrue(open.get("fix").asText().contains("usermod -aG kvm"), open.toString());
        assertEquals("SKIP", check(j, "kvm.api").get("status").asText());
        assertFalse(j.at("/verdict/kvmUsable").asBoolean());
        String code = j.at("/verdict/reasonCode").asText();
        assertTrue(code.equals("kvm-no-access") || code.startsWith("no-hw-virt") || code.startsWith("hw-virt"), code);
        assertEquals(1, r.exit());
    }

    @Test
    void aOneGibibyteCpuinfoIsRefusedInBoundedMemoryWithoutAStackTrace() throws Exception {
        Path big = tmp.resolve("big.cpuinfo");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(1L << 30);
        }
        Run r = labs(List.of(), List.of("-Xmx24m"), "run", "vt-check", "--cpuinfo", big.toString(),
                "--results", tmp.resolve("r").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("labs: --cpuinfo " + big + " is 1.0 GiB"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(tmp.resolve("r")), "results folder created for bad input");

        Run endless = labs(List.of(), List.of("-Xmx24m"), "run", "vt-check", "--cpuinfo", "/dev/zero",
                "--results", tmp.resolve("r").toString());
        assertEquals(2, endless.exit(), endless.err());
        // a device is refused by its type, before it is opened (as a FIFO, which would block the open)
        assertTrue(endless.err().contains("not a regular file"), endless.err());

        Run debug = labs(List.of(), List.of(), "--debug", "run", "vt-check", "--cpuinfo", big.toString(),
                "--results", tmp.resolve("r").toString());
        assertEquals(2, debug.exit());
        assertTrue(debug.err().contains("LabsException"), "--debug shows the stack trace");
    }

    private static JsonNode check(JsonNode j, String id) {
        for (JsonNode c : j.get("findings")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError(id + " not in " + j.get("findings"));
    }
}
