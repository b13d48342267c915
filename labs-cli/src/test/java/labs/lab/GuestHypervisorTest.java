package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The lines are those of the labs guest's dmesg (Debian 12's 6.1 kernel): under KVM in the emulated AMD-V machine,
 * and under TCG on this machine, where the kernel prints no such line.
 */
class GuestHypervisorTest {
    @Test
    void kvmIsNamedAndTcgSaysNothing() {
        assertEquals("KVM", GuestHypervisor.fromLog("[    0.000000] DMI: QEMU Standard PC (Q35 + ICH9, 2009)\n"
                + "[    0.000000] Hypervisor detected: KVM\n[    0.000000] kvm-clock: Using msrs 4b564d01"));
        assertEquals("none detected", GuestHypervisor.fromLog("[    0.000000] DMI: QEMU Standard PC (Q35 + ICH9,"
                + " 2009)\n[    0.000000] tsc: Fast TSC calibration using PIT\n"));
    }
}
