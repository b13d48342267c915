package labs.cpuinfo.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import labs.common.Json;
import labs.common.JsonOut;
import labs.cpuinfo.Fixtures;
import labs.cpuinfo.VtCheck;
import org.junit.jupiter.api.Test;

/** --sysroot and --cpuinfo modes on saved dumps: the same checks, live-only ones SKIP, a verdict for that machine. */
class SysrootTest {
    private static VtCheck.Report dump(String sysroot) {
        Path root = Fixtures.path("sysroot/" + sysroot);
        return VtCheck.dump(root).run(Host.dump(root, null));
    }

    private static Finding line(VtCheck.Report r, String id) {
        return r.findings().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " missing in " + r.findings()));
    }

    /** report.json is streamed by the report itself: it must stay what databind makes of the same records. */
    @Test
    void reportJsonIsWhatDatabindWrites() throws Exception {
        for (String sysroot : List.of("intel-kvm", "this-machine-pvm")) {
            VtCheck.Report r = dump(sysroot);
            assertEquals(Json.MAPPER.writeValueAsString(r), JsonOut.toString(r), sysroot);
        }
    }

    @Test
    void aStudentLaptopWithKvmIntel() {
        VtCheck.Report r = dump("intel-kvm");
        assertEquals("dump", r.mode());
        assertTrue(r.verdict().kvmUsable());
        assertEquals("ok-from-dump", r.verdict().reasonCode());
        assertEquals(Status.PASS, line(r, "kvm.module").status());
        assertEquals(Status.PASS, line(r, "kvm.nested").status());
        assertEquals(Status.PASS, line(r, "host.hypervisor").status());
        assertTrue(line(r, "host.hypervisor").title().contains("LENOVO"));
        assertEquals(Status.PASS, line(r, "host.cgroups").status());
        assertEquals(Status.PASS, line(r, "host.iommu").status());
        for (String live : List.of("dev-kvm", "kvm.api", "firmware", "qemu", "host.container")) {
            assertEquals(Status.SKIP, line(r, live).status(), live);
        }
        assertNotNull(r.host());
        assertEquals("student-laptop", r.host().hostname());
        assertEquals(4, r.host().logicalCpus());
        assertEquals("6.1.0-18-amd64", r.host().kernel());
    }

    @Test
    void anAmdMachineWithoutKvmAmd() {
        VtCheck.Report r = dump("amd-no-module");
        assertFalse(r.verdict().kvmUsable());
        assertEquals("no-kvm-module", r.verdict().reasonCode());
        Finding m = line(r, "kvm.module");
        assertEquals(Status.FAIL, m.status());
        assertTrue(m.fix().contains("modprobe kvm_amd"), m.fix());
    }

    /** kvm_intel without kvm (a partial dump: kvm_intel cannot load without kvm) said FAIL and "can be used". */
    @Test
    void aVendorModuleWithoutKvmIsNoKvm(@org.junit.jupiter.api.io.TempDir Path copy) throws Exception {
        Path src = Fixtures.path("sysroot/intel-kvm");
        try (var files = java.nio.file.Files.walk(src)) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(src.relativize(f).toString());
                if (java.nio.file.Files.isDirectory(f)) {
                    java.nio.file.Files.createDirectories(to);
                } else {
                    java.nio.file.Files.copy(f, to);
                }
            }
        }
        try (var kvm = java.nio.file.Files.walk(copy.resolve("sys/module/kvm"))) {
            kvm.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        VtCheck.Report r = VtCheck.dump(copy).run(Host.dump(copy, null));
        assertEquals(Status.FAIL, line(r, "kvm.module").status());
        assertFalse(r.verdict().kvmUsable(), r.verdict().toString());
        assertEquals("no-kvm-module", r.verdict().reasonCode());
        assertTrue(r.verdict().reason().contains("not both loaded"), r.verdict().reason());
    }

    @Test
    void thisMachineCapturedWithCaptureSh() {
        VtCheck.Report r = dump("this-machine-pvm");
        assertEquals("no-hw-virt", r.verdict().reasonCode());
        assertEquals(1, r.verdict().exitCode());
        assertEquals(Status.NOTE, line(r, "kvm.module").status());
        assertTrue(line(r, "kvm.module").title().contains("kvm_pvm"));
        assertEquals(Status.NOTE, line(r, "host.hypervisor").status());
        assertEquals(0, r.cpu().hwVirtCount());
    }

    @Test
    void aSavedSysrootChecksLikeItsSource(@org.junit.jupiter.api.io.TempDir Path copy) throws Exception {
        labs.cpuinfo.SysrootDump.save(Fixtures.path("sysroot/intel-kvm"), copy);
        VtCheck.Report again = VtCheck.dump(copy).run(Host.dump(copy, null));
        VtCheck.Report first = dump("intel-kvm");
        assertEquals(first.findings(), again.findings());
        assertEquals(first.verdict(), again.verdict());
    }

    @Test
    void aLoneCpuinfoSkipsEverythingButTheCpu() {
        Host h = Host.dump(null, Fixtures.path("cpuinfo/intel-vmx.cpuinfo"));
        VtCheck.Report r = VtCheck.dump(null).run(h);
        assertEquals("ok-from-dump", r.verdict().reasonCode());
        assertEquals(Status.SKIP, line(r, "kvm.module").status());
        assertEquals(null, r.host());
        r.findings().stream().filter(f -> f.status() != Status.PASS)
                .forEach(f -> assertTrue(f.why() != null && f.fix() != null, f.id()));
    }
}
