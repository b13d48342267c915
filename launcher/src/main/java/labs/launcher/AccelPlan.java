package labs.launcher;

import labs.common.i18n.ErrorText;
import labs.common.i18n.Msg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import labs.common.LabsException;

/**
 * Which accelerator a boot uses, how QEMU is told (its CPU model), and the sentence that says why: the one place
 * where --accel AUTO/KVM/TCG becomes a plan, and where a failed KVM boot under AUTO falls back to TCG.
 *
 * @param asked       what the user asked for with --accel
 * @param accelerator what QEMU's -accel gets
 * @param cpuModel    what QEMU's -cpu gets
 * @param reason      why, shown when the VM boots and kept in its runtime.json
 */
public record AccelPlan(AccelChoice asked, Accelerator accelerator, String cpuModel, String reason) {

    /** AUTO follows the probe's (vt-check's) verdict; KVM and TCG are what was asked, KVM only when /dev/kvm opens. */
    public static AccelPlan decide(AccelChoice choice, AccelProbe probe) {
        return switch (choice) {
            case TCG -> of(choice, Accelerator.TCG, probe, Msg.get(labs.common.i18n.VmText.ACCEL_ASKED, "--accel tcg"));
            case KVM -> {
                requireDevKvm();
                yield of(choice, Accelerator.KVM, probe, Msg.get(labs.common.i18n.VmText.ACCEL_ASKED, "--accel kvm"));
            }
            case AUTO -> {
                AccelProbe.Verdict v = probe.kvm();
                yield of(choice, v.usable() ? Accelerator.KVM : Accelerator.TCG, probe, "auto: " + v.reason());
            }
        };
    }

    /** A plan for an accelerator already chosen (a running VM's, as recorded in its runtime.json). */
    public static AccelPlan of(AccelChoice asked, Accelerator accel, AccelProbe probe, String reason) {
        return new AccelPlan(asked, accel, cpuModel(accel, probe), reason);
    }

    /** Under AUTO, a KVM boot that did not become ready is tried again under TCG; otherwise there is no second try. */
    public Optional<AccelPlan> fallback() {
        if (asked != AccelChoice.AUTO || accelerator != Accelerator.KVM) {
            return Optional.empty();
        }
        return Optional.of(new AccelPlan(asked, Accelerator.TCG, cpuModel(Accelerator.TCG, null), reason
                + Msg.get(labs.common.i18n.VmText.ACCEL_FELL_BACK)));
    }

    /**
     * KVM with a hardware-virtualizing CPU: "host" passes it through. Under a nested software KVM (no vmx/svm
     * flag) QEMU aborts with -cpu host or max ("failed to set MSR 0x10a"), so qemu64 is the only model that
     * starts. TCG: QEMU's default model. The probe is asked only under KVM.
     */
    static String cpuModel(Accelerator accel, AccelProbe probe) {
        return accel == Accelerator.KVM && probe.cpuHasHwVirt() ? "host" : "qemu64";
    }

    private static void requireDevKvm() {
        Path dev = Path.of("/dev/kvm");
        if (!Files.isReadable(dev) || !Files.isWritable(dev)) {
            throw new LabsException(Msg.get(Files.exists(dev) ? ErrorText.KVM_NOT_OPEN : ErrorText.KVM_MISSING),
                    Msg.get(ErrorText.KVM_WHY),
                    Msg.get(Files.exists(dev) ? ErrorText.KVM_FIX_GROUP : ErrorText.KVM_FIX_MODULE));
        }
    }
}
