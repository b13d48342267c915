package labs.cpuinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import labs.cpuinfo.check.Facts;
import org.junit.jupiter.api.Test;

class KvmVerdictTest {
    private static Facts.Builder x86(boolean hw) {
        Facts.Builder f = new Facts.Builder();
        f.arch = Arch.X86_64;
        f.hwVirt = hw;
        f.devKvmExists = true;
        f.devKvmOpens = true;
        f.kvmApiWorks = true;
        f.kvmModulesChecked = true;
        f.kvmVendorModule = hw ? "kvm_intel" : "kvm_pvm";
        return f;
    }

    @Test
    void thisKindOfMachineSaysTheApiAnswersButThereIsNoHardwareVirtualization() {
        Facts.Builder f = x86(false);
        f.underHypervisor = true;
        KvmVerdict v = KvmVerdict.decide(f.build());
        assertFalse(v.kvmUsable());
        assertEquals("no-hw-virt", v.reasonCode());
        assertEquals("KVM acceleration can NOT be used: the KVM API answers but the CPU exposes no hardware "
                + "virtualization, so Linux guests run under TCG", v.kvmOkLine());
        assertEquals("tcg", v.accelerator());
        assertEquals(1, v.exitCode());
    }

    @Test
    void kvmOnlyWithHardwareDeviceAndApi() {
        KvmVerdict ok = KvmVerdict.decide(x86(true).build());
        assertTrue(ok.kvmUsable());
        assertEquals("kvm", ok.accelerator());
        assertEquals("KVM acceleration can be used", ok.kvmOkLine());
        assertEquals(0, ok.exitCode());

        Facts.Builder noAccess = x86(true);
        noAccess.devKvmOpens = false;
        assertEquals("kvm-no-access", KvmVerdict.decide(noAccess.build()).reasonCode());

        Facts.Builder api = x86(true);
        api.kvmApiWorks = false;
        assertEquals("kvm-api-broken", KvmVerdict.decide(api.build()).reasonCode());

        Facts.Builder noDev = x86(true);
        noDev.devKvmExists = false;
        noDev.devKvmOpens = false;
        assertEquals("no-dev-kvm", KvmVerdict.decide(noDev.build()).reasonCode());
        noDev.kvmVendorModule = null;
        assertEquals("no-kvm-module", KvmVerdict.decide(noDev.build()).reasonCode());
    }

    @Test
    void firmwareEvidenceNamesTheFirmware() {
        Facts.Builder f = x86(false);
        f.devKvmExists = false;
        f.firmwareDisabledEvidence = "kernel log: kvm: disabled by bios";
        KvmVerdict v = KvmVerdict.decide(f.build());
        assertEquals("hw-virt-disabled-in-firmware", v.reasonCode());
        assertTrue(v.reason().contains("maybe disabled in firmware"));
    }

    @Test
    void unreadableCpuinfoIsInconclusiveAndOtherArchitecturesAreNotX86() {
        Facts.Builder none = new Facts.Builder();
        assertEquals(2, KvmVerdict.decide(none.build()).exitCode());
        Facts.Builder arm = new Facts.Builder();
        arm.arch = Arch.AARCH64;
        KvmVerdict v = KvmVerdict.decide(arm.build());
        assertEquals("not-x86", v.reasonCode());
        assertTrue(v.reason().contains("arm64"), v.reason());
        assertEquals(1, v.exitCode());
    }

    @Test
    void dumpsAreJudgedOnTheCpuAndModules() {
        Facts.Builder f = new Facts.Builder();
        f.live = false;
        f.arch = Arch.X86_64;
        f.hwVirt = true;
        assertEquals("ok-from-dump", KvmVerdict.decide(f.build()).reasonCode());
        f.kvmModulesChecked = true;
        assertEquals("no-kvm-module", KvmVerdict.decide(f.build()).reasonCode());
    }

    @Test
    void ofThisMachineAgreesWithWhatItReads() throws Exception {
        KvmVerdict v = KvmVerdict.ofThisMachine();
        String cpuinfo = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo"));
        boolean hw = CpuInfo.parse(cpuinfo).hwVirtCount() > 0;
        if (!hw) {
            assertEquals("no-hw-virt", v.reasonCode());
            assertFalse(v.kvmUsable());
        }
        assertEquals(v.kvmUsable(), v.accelerator().equals("kvm"));
    }
}
