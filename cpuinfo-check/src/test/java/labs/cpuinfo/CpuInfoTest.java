package labs.cpuinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuInfoTest {
    @Test
    void intelWithVmxCountsEveryBlockAndReadsTheVmxFlagsLine() {
        CpuInfo ci = CpuInfo.parse(Fixtures.cpuinfo("intel-vmx"));
        assertEquals(Arch.X86_64, ci.arch());
        assertEquals(4, ci.processors().size());
        assertEquals(4, ci.hwVirtCount());
        Processor p = ci.first();
        assertEquals("GenuineIntel", p.vendorId());
        assertEquals("Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz", p.modelName());
        assertEquals(6, p.family());
        assertEquals(142, p.model());
        assertTrue(p.vmxFlags().containsAll(java.util.List.of("ept", "vpid", "unrestricted_guest")));
        assertTrue(ci.problems().isEmpty(), ci.problems().toString());
    }

    @Test
    void amdWithSvmHasNoVmxFlagsLine() {
        CpuInfo ci = CpuInfo.parse(Fixtures.cpuinfo("amd-svm"));
        assertEquals(4, ci.hwVirtCount());
        assertTrue(ci.first().hasSvm());
        assertTrue(ci.first().isAmd());
        assertTrue(ci.first().vmxFlags().isEmpty());
        assertTrue(ci.first().flags().contains("npt"));
    }

    @Test
    void noFlagsAndTheHypervisorGuestCountZero() {
        assertEquals(0, CpuInfo.parse(Fixtures.cpuinfo("intel-no-flags")).hwVirtCount());
        CpuInfo guest = CpuInfo.parse(Fixtures.cpuinfo("guest-hypervisor-pvm"));
        assertEquals(0, guest.hwVirtCount());
        assertEquals(2, guest.processors().size());
        assertTrue(guest.first().flags().contains("hypervisor"));
    }

    @Test
    void mismatchIsVisiblePerProcessor() {
        CpuInfo ci = CpuInfo.parse(Fixtures.cpuinfo("intel-vmx-mismatch"));
        assertEquals(4, ci.processors().size());
        assertEquals(2, ci.hwVirtCount());
    }

    @Test
    void otherArchitecturesAreRecognised() {
        CpuInfo arm = CpuInfo.parse(Fixtures.cpuinfo("aarch64"));
        assertEquals(Arch.AARCH64, arm.arch());
        assertEquals(2, arm.processors().size());
        assertEquals(0, arm.hwVirtCount());
        CpuInfo s390 = CpuInfo.parse(Fixtures.cpuinfo("s390x"));
        assertEquals(Arch.S390X, s390.arch());
        assertEquals(2, s390.processors().size());
        assertTrue(s390.first().flags().contains("sie"));
        CpuInfo ppc = CpuInfo.parse(Fixtures.cpuinfo("ppc64"));
        assertEquals(Arch.PPC64, ppc.arch());
        assertEquals(2, ppc.processors().size());
        assertEquals("pSeries", ppc.machine().get("platform"));
    }

    @Test
    void emptyTruncatedAndGarbageSayWhatIsWrong() {
        CpuInfo empty = CpuInfo.parse(Fixtures.cpuinfo("empty"));
        assertEquals(Arch.UNKNOWN, empty.arch());
        assertTrue(empty.processors().isEmpty());
        assertFalse(empty.problems().isEmpty());

        CpuInfo cut = CpuInfo.parse(Fixtures.cpuinfo("truncated"));
        assertEquals(Arch.X86_64, cut.arch());
        assertEquals(3, cut.processors().size());
        assertTrue(cut.problems().stream().anyMatch(p -> p.contains("middle of a line")), cut.problems().toString());

        CpuInfo junk = CpuInfo.parse(Fixtures.cpuinfo("garbage"));
        assertEquals(Arch.UNKNOWN, junk.arch());
        assertTrue(junk.processors().isEmpty());
        assertFalse(junk.problems().isEmpty());
    }

    @Test
    void aBlockMissingItsFlagsLineIsIncomplete() {
        String text = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: X\nflags\t\t: fpu vmx\n\n"
                + "processor\t: 1\nvendor_id\t: GenuineIntel\nmodel name\t: X\n";
        CpuInfo ci = CpuInfo.parse(text);
        assertEquals(2, ci.processors().size());
        assertFalse(ci.processors().get(1).complete());
        assertTrue(ci.problems().get(0).contains("processor 1"));
    }
}
