package labs.cpuinfo.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import labs.cpuinfo.Fixtures;
import labs.cpuinfo.Hypervisors;
import labs.cpuinfo.KvmVerdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hypervisor, container/WSL, firmware and kernel-log checks on fake roots and injected logs. */
class HostChecksTest {
    @TempDir
    Path root;

    private Path write(String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    @Test
    void dmiNamesTheCommonHypervisors() {
        assertEquals("QEMU/KVM", Hypervisors.fromDmi("QEMU", "Standard PC (Q35 + ICH9, 2009)"));
        assertEquals("VMware", Hypervisors.fromDmi("VMware, Inc.", "VMware Virtual Platform"));
        assertEquals("VirtualBox", Hypervisors.fromDmi("innotek GmbH", "VirtualBox"));
        assertEquals("Hyper-V", Hypervisors.fromDmi("Microsoft Corporation", "Virtual Machine"));
        assertNull(Hypervisors.fromDmi("Microsoft Corporation", "Surface Laptop 4"));
        assertNull(Hypervisors.fromDmi("LENOVO", "20KH006MGE"));
    }

    @Test
    void aVirtualBoxGuestIsNamedFromDmi() {
        Facts.Builder facts = new Facts.Builder();
        Dmi.Source vbox = host -> new Dmi("innotek GmbH", "VirtualBox");
        List<Finding> fs = new HypervisorCheck(vbox, KernelLog.of(List.of()))
                .run(Host.of(root, true, Fixtures.cpuinfo("guest-hypervisor-pvm")), facts);
        assertEquals(Status.NOTE, fs.get(0).status());
        assertTrue(fs.get(0).title().contains("under VirtualBox"), fs.get(0).title());
        assertTrue(facts.underHypervisor);
    }

    @Test
    void theKernelLogNamesAHypervisorWithoutDmi() {
        List<Finding> fs = new HypervisorCheck(Dmi.sysfs(), KernelLog.of(List.of(
                "[    0.000000] Hypervisor detected: KVM"))).run(Host.of(root, true,
                Fixtures.cpuinfo("guest-hypervisor-pvm")), new Facts.Builder());
        assertTrue(fs.get(0).title().contains("under KVM"), fs.get(0).title());
    }

    @Test
    void wslIsRecognisedFromProcVersion() throws IOException {
        write("proc/version", "Linux version 5.15.153.1-microsoft-standard-WSL2 (root@1234) (gcc (GCC) 11.2.0)");
        List<Finding> fs = new ContainerCheck().run(Host.of(root, true, ""), new Facts.Builder());
        Finding wsl = fs.stream().filter(f -> f.id().equals("host.wsl")).findFirst().orElseThrow();
        assertTrue(wsl.fix().contains("nestedVirtualization=true"), wsl.fix());
    }

    @Test
    void containersAreRecognised() throws IOException {
        write(".dockerenv", "");
        write("proc/1/cgroup", "0::/kubepods/besteffort/pod1234/abcd\n");
        Finding f = new ContainerCheck().run(Host.of(root, true, ""), new Facts.Builder()).get(0);
        assertEquals(Status.NOTE, f.status());
        assertTrue(f.title().contains("/.dockerenv") && f.title().contains("kubepods"), f.title());
        assertTrue(f.fix().contains("--device /dev/kvm"));
    }

    @Test
    void disabledByBiosInTheKernelLogDecidesTheVerdict() {
        Facts.Builder facts = new Facts.Builder();
        facts.live = true;
        Host host = Host.of(root, true, Fixtures.cpuinfo("intel-no-flags"));
        new CpuCheck().run(host, facts);
        List<Finding> fs = new FirmwareCheck(KernelLog.of(List.of("[    2.1] kvm: disabled by bios")), false)
                .run(host, facts);
        Finding msr = fs.get(0);
        assertEquals(Status.SKIP, msr.status());
        assertTrue(msr.why().contains("IA32_FEATURE_CONTROL"), msr.why());
        Finding log = fs.get(1);
        assertEquals(Status.FAIL, log.status());
        assertTrue(log.fix().contains("BIOS/UEFI"), log.fix());
        assertEquals("hw-virt-disabled-in-firmware", KvmVerdict.decide(facts.build()).reasonCode());
    }

    @Test
    void anUnreadableKernelLogIsASkipThatSaysWhatRootWouldSee() {
        Host host = Host.of(root, true, Fixtures.cpuinfo("intel-vmx"));
        KernelLog denied = new KernelLog() {
            @Override
            public List<String> lines() { return null; }

            @Override
            public String unavailableReason() { return "dmesg: read kernel buffer failed: Operation not permitted"; }
        };
        Finding f = new FirmwareCheck(denied, false).run(host, new Facts.Builder()).get(1);
        assertEquals(Status.SKIP, f.status());
        assertTrue(f.why().contains("dmesg_restrict"), f.why());
    }

    @Test
    void cgroupV1AndNoIommuOnThisMachinesDump() {
        Path dump = Fixtures.path("sysroot/this-machine-pvm");
        List<Finding> fs = new QemuHostCheck().run(Host.dump(dump, null), new Facts.Builder());
        Finding cg = fs.stream().filter(f -> f.id().equals("host.cgroups")).findFirst().orElseThrow();
        assertEquals(Status.PASS, cg.status());
        assertTrue(cg.title().startsWith("cgroup v1"), cg.title());
        Finding iommu = fs.stream().filter(f -> f.id().equals("host.iommu")).findFirst().orElseThrow();
        assertEquals(Status.NOTE, iommu.status());
    }
}
