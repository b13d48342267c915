package labs.cpuinfo.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import labs.cpuinfo.Arch;
import labs.cpuinfo.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuCheckTest {
    @TempDir
    Path root;

    private Facts.Builder facts;

    private List<Finding> run(String fixture) {
        facts = new Facts.Builder();
        facts.live = false;
        return new CpuCheck().run(Host.of(root, false, Fixtures.cpuinfo(fixture)), facts);
    }

    private static Finding line(List<Finding> fs, String id) {
        return fs.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id
                + " missing in " + fs));
    }

    /**
     * 17,000 damaged processor blocks (vendor and model but no flags line) after one good one: the WARN line
     * was 1.1 MB. Also 17,000 processors lacking vmx beside one that has it, and an index beyond an int.
     */
    @Test
    void thousandsOfDamagedBlocksGiveShortLines() {
        String good = Fixtures.cpuinfo("intel-vmx").split("\n\n")[0] + "\n\n";
        StringBuilder damaged = new StringBuilder(good);
        StringBuilder noVmx = new StringBuilder(good);
        String noVmxBlock = good.replace(" vmx", "");
        for (int i = 1; i <= 17_000; i++) {
            damaged.append("processor\t: ").append(i).append("\nvendor_id\t: GenuineIntel\nmodel name\t: x\n\n");
            noVmx.append(noVmxBlock.replaceFirst("processor\t: \\d+", "processor\t: " + i));
        }
        damaged.append("processor\t: 99999999999\nvendor_id\t: GenuineIntel\n\n");
        for (StringBuilder text : List.of(damaged, noVmx)) {
            facts = new Facts.Builder();
            List<Finding> fs = new CpuCheck().run(Host.of(root, false, text.toString()), facts);
            for (Finding f : fs) {
                assertTrue(f.title().length() < 1000, f.id() + ": " + f.title().length() + " chars");
            }
        }
        facts = new Facts.Builder();
        Finding read = line(new CpuCheck().run(Host.of(root, false, damaged.toString()), facts), "cpu.read");
        assertTrue(read.title().contains("and 16995 more problems"), read.title());
    }

    @Test
    void intelWithVmxPassesWithTheBooksNumber() {
        List<Finding> fs = run("intel-vmx");
        Finding hw = line(fs, "cpu.hw-virt");
        assertEquals(Status.PASS, hw.status());
        assertTrue(hw.title().startsWith("4 of 4 processors have vmx"), hw.title());
        assertTrue(hw.title().endsWith("prints 4"), hw.title());
        assertEquals(Status.PASS, line(fs, "cpu.virt-features").status());
        assertTrue(line(fs, "cpu.virt-features").title().startsWith("VT-x sub-features: ept unrestricted_guest vpid"));
        assertEquals(Boolean.TRUE, facts.hwVirt);
        assertEquals(Arch.X86_64, facts.arch);
    }

    @Test
    void amdSubFeaturesComeFromTheFlagsLine() {
        Finding f = line(run("amd-svm"), "cpu.virt-features");
        assertEquals(Status.PASS, f.status());
        assertTrue(f.title().startsWith("AMD-V sub-features: npt nrip_save avic"), f.title());
    }

    @Test
    void missingEptIsAWarningThatExplainsShadowPaging() {
        Finding f = line(run("intel-vmx-no-ept"), "cpu.virt-features");
        assertEquals(Status.WARN, f.status());
        assertTrue(f.why().contains("ept") && f.why().contains("shadow paging"), f.why());
        assertTrue(f.why().contains("unrestricted_guest"));
    }

    @Test
    void aGuestWithoutVmxBlamesTheOuterHypervisor() {
        Finding f = line(run("guest-hypervisor-pvm"), "cpu.hw-virt");
        assertEquals(Status.FAIL, f.status());
        assertTrue(f.title().startsWith("0 of 2 processors"), f.title());
        assertTrue(f.why().contains("itself a virtual machine"), f.why());
        assertNull(facts.firmwareDisabledEvidence);
    }

    @Test
    void aKnownVtxModelWithoutVmxIsMaybeDisabledInFirmware() {
        Finding f = line(run("intel-vt-disabled"), "cpu.hw-virt");
        assertEquals(Status.FAIL, f.status());
        assertTrue(f.title().endsWith("maybe disabled in firmware"), f.title());
        assertTrue(f.fix().contains("BIOS"), f.fix());
        assertNotNull(facts.firmwareDisabledEvidence);
    }

    @Test
    void aCpuWithoutVtxIsSaidPlainly() {
        Finding f = line(run("intel-no-flags"), "cpu.hw-virt");
        assertEquals(Status.FAIL, f.status());
        assertTrue(f.why().contains("does not expose VT-x/AMD-V"), f.why());
        assertNull(facts.firmwareDisabledEvidence);
    }

    @Test
    void mismatchBetweenProcessorsIsFlagged() {
        List<Finding> fs = run("intel-vmx-mismatch");
        assertTrue(line(fs, "cpu.hw-virt").title().startsWith("2 of 4"));
        Finding m = line(fs, "cpu.hw-virt-mismatch");
        assertEquals(Status.WARN, m.status());
        assertTrue(m.title().contains("[2, 3]"), m.title());
    }

    @Test
    void otherArchitecturesFailWithTheirOwnKvmStory() {
        for (String arch : List.of("aarch64", "s390x", "ppc64")) {
            Finding f = line(run(arch), "cpu.arch");
            assertEquals(Status.FAIL, f.status(), arch);
            assertTrue(f.title().startsWith("not x86"), f.title());
            assertTrue(f.why().contains("not vmx/svm"), f.why());
        }
    }

    @Test
    void emptyGarbageAndTruncatedInputAreReportedNotThrown() {
        assertEquals(Status.FAIL, line(run("empty"), "cpu.read").status());
        assertNull(facts.arch);
        assertEquals(Status.FAIL, line(run("garbage"), "cpu.read").status());
        List<Finding> cut = run("truncated");
        assertEquals(Status.WARN, line(cut, "cpu.read").status());
        assertEquals(Status.PASS, line(cut, "cpu.hw-virt").status());
    }
}
