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

    /**
     * "Intel(R) Xeon(R) Processor x2" from the run's fingerprint; with --connect, also the engine that ran the guest
     * ("; guest through libvirt qemu:///system"), so that the caption says it too; on a remote libvirt host the CPU
     * is that host's, where the host half ran.
     */
    static String hostCpu(LabRun run) {
        Object remoteCpu = run.meta.options.get("libvirtHostCpu");   // the host half ran there (RemoteHalf)
        String cpu = remoteCpu != null ? remoteCpu.toString()
                : run.meta.host instanceof HostFingerprint f ? f.cpuModel() + " x" + f.logicalCpus() : "unknown CPU";
        Object connect = run.meta.options.get("connect");
        return connect == null ? cpu : cpu + "; guest through libvirt " + connect
                + (remoteCpu != null ? ", host half there over ssh" : "");
    }

    /** meta.json's "engine" (and "connect", the libvirt URI, when the guest ran through libvirt). */
    static void recordEngine(LabRun run) {
        if (run.launcher == null) {
            return;
        }
        run.meta.options.put("engine", run.launcher.engine());
        if (run.launcher.connectUri() != null) {
            run.meta.options.put("connect", run.launcher.connectUri());
        }
    }

    static LocalDate today() { return LocalDate.now(); }
}
