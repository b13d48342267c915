package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import labs.common.LabsException;
import labs.common.i18n.CheckText;
import labs.common.i18n.Language;
import labs.common.i18n.Msg;
import labs.cpuinfo.ReportText;
import labs.cpuinfo.VtCheck;
import labs.cpuinfo.check.Finding;
import labs.cpuinfo.check.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 2 for vt-check's check lines: under Japanese, no English sentence in any line vt-check prints for
 * the saved dumps of cpuinfo-check's fixtures (other architectures, VT-x hidden by firmware, a damaged or truncated
 * copy, a missing kvm_amd, kvm_pvm ...: findings a live run on one machine never reaches), and none in any message
 * of the catalog's check group, whichever check says it (the root-only and live-only lines included). The English
 * side stays as the other tests of vt-check assert it.
 */
class VtCheckJapaneseTest {
    /** The fixtures live with the checks, in the cpuinfo-check module (see its src/test/resources/README.md). */
    private static final Path FIXTURES = Path.of("../cpuinfo-check/src/test/resources").toAbsolutePath().normalize();

    private Language before;

    @BeforeEach
    void japanese() {
        before = Msg.language();
        Msg.use(Language.JA);
    }

    @AfterEach
    void restore() {
        Msg.use(before);
    }

    /** Every saved dump of the fixtures, as --cpuinfo FILE or --sysroot DIR would check it. */
    private static List<Host> dumps() throws IOException {
        List<Host> hosts = new ArrayList<>();
        try (Stream<Path> files = Files.list(FIXTURES.resolve("cpuinfo"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cpuinfo")).sorted().toList()) {
                try {
                    hosts.add(Host.dump(null, f));
                } catch (LabsException refused) {
                    // input vt-check refuses before any check (its error is not a check line)
                }
            }
        }
        try (Stream<Path> dirs = Files.list(FIXTURES.resolve("sysroot"))) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                hosts.add(Host.dump(d, null));
            }
        }
        return hosts;
    }

    @Test
    void everyDumpsCheckLinesAndVerdictAreJapanese() throws IOException {
        List<Host> hosts = dumps();
        assertTrue(hosts.size() >= 15, "fixtures found: " + hosts.size());
        List<String> english = new ArrayList<>();
        int findings = 0;
        for (Host host : hosts) {
            VtCheck.Report r = VtCheck.dump(host.hasFiles() ? host.root() : null).run(host);
            findings += r.findings().size();
            List<String> lines = new ArrayList<>(ReportText.body(r).lines().toList());
            lines.addAll(ReportText.verdict(r).lines().toList());
            for (Finding f : r.findings()) {   // --json and checks.csv carry the same texts
                lines.addAll(Stream.of(f.title(), f.why(), f.fix()).filter(s -> s != null).toList());
            }
            EnglishLines.in(lines).forEach(l -> english.add(host.cpuinfoOrigin() + ": " + l));
        }
        assertTrue(findings > 100, "findings checked: " + findings);
        assertEquals(List.of(), english);
    }

    /**
     * Each message of the check group, its arguments filled with figures, holds no English sentence: this reaches
     * the lines only root, a live machine or a broken one prints (a locked MSR, /dev/kvm refused, no QEMU ...).
     */
    @Test
    void everyCheckMessageIsJapanese() {
        Object[] figures = new Object[10];
        Arrays.fill(figures, "1");
        List<String> english = new ArrayList<>();
        for (CheckText key : CheckText.values()) {
            String ja = Msg.in(Language.JA, key, figures);
            if (EnglishLines.english(ja)) {
                english.add(key.key() + ": " + ja);
            }
        }
        assertEquals(List.of(), english);
    }

    /** Input vt-check refuses before any check: the error and its fix, in Japanese, with the commands as typed. */
    @Test
    void refusedDumpsAreSaidInJapanese(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path binary = Files.write(dir.resolve("a.out"), new byte[] {0x7f, 'E', 'L', 'F', 0});
        Path cpuinfo = FIXTURES.resolve("cpuinfo/intel-vmx.cpuinfo");
        List<String> english = new ArrayList<>();
        for (Path[] args : List.of(new Path[] {null, dir.resolve("missing.txt")}, new Path[] {null, dir},
                new Path[] {null, binary}, new Path[] {dir, cpuinfo}, new Path[] {cpuinfo, null},
                new Path[] {dir.resolve("no-such-dir"), null})) {
            try {
                Host.dump(args[0], args[1]);
                english.add("not refused: " + Arrays.toString(args));
            } catch (LabsException e) {
                english.addAll(EnglishLines.in(List.of(e.getMessage(), e.fix())));
            }
        }
        assertEquals(List.of(), english);
    }

    /** The caveat of the emulated AMD-V machine is the same sentence as EmulatedAmdV.CAVEAT, which charts carry. */
    @Test
    void theEmulatedAmdVCaveatIsTheSharedSentence() {
        assertEquals(labs.common.EmulatedAmdV.CAVEAT, Msg.in(Language.EN, CheckText.AMDV_CAVEAT));
    }
}
