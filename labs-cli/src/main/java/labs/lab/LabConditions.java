package labs.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import labs.charts.Conditions;
import labs.common.EmulatedAmdV;
import labs.cpuinfo.HostFingerprint;
import labs.launcher.Accelerator;

/** What the measuring labs put into their {@link Conditions}: the accelerator's kind and the host, as measured here. */
final class LabConditions {
    private LabConditions() {}

    /**
     * The kind of acceleration guest code had: TCG; KVM inside labs' emulated AMD-V machine (its kernel parameter,
     * {@link EmulatedAmdV}); KVM backed by a software nested KVM (kvm_pvm loaded); or KVM on the CPU's own VT-x/AMD-V.
     */
    static Conditions.Accel accel(Accelerator used) {
        if (used == null) {
            return Conditions.Accel.HOST_ONLY;
        }
        if (used == Accelerator.TCG) {
            return Conditions.Accel.TCG;
        }
        return kvmKind();
    }

    /** For labs that use /dev/kvm directly (vm-exit). */
    static Conditions.Accel kvmKind() {
        if (EmulatedAmdV.inside()) {
            return Conditions.Accel.KVM_EMULATED_AMDV;
        }
        return Files.isDirectory(Path.of("/sys/module/kvm_pvm")) ? Conditions.Accel.KVM_PVM : Conditions.Accel.KVM;
    }

    /** "Intel(R) Xeon(R) Processor x2" from the run's fingerprint. */
    static String hostCpu(LabRun run) {
        if (run.meta.host instanceof HostFingerprint f) {
            return f.cpuModel() + " x" + f.logicalCpus();
        }
        return "unknown CPU";
    }

    static LocalDate today() { return LocalDate.now(); }
}
