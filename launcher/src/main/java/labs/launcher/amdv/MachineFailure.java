package labs.launcher.amdv;

import labs.common.LabsException;

/** What the machine's init reported when it gave up ("CODE: reason"), as the error the user reads, with its fix. */
final class MachineFailure {
    private MachineFailure() {}

    static LabsException of(String codeAndReason, String consoleTail) {
        int colon = codeAndReason.indexOf(':');
        String code = colon < 0 ? codeAndReason : codeAndReason.substring(0, colon);
        String reason = colon < 0 ? codeAndReason : codeAndReason.substring(colon + 1).strip();
        return switch (code) {
            case "no-svm" -> new LabsException("this QEMU does not emulate AMD-V: " + reason,
                    "QEMU's TCG emulates AMD SVM with -cpu max since QEMU 2.x on x86-64 hosts; this one offers none",
                    "install a current QEMU: apt-get install qemu-system-x86");
            case "no-kvm", "modules" -> new LabsException("KVM did not come up in the emulated AMD-V machine: "
                    + reason, "the kernel labs boots there must load kvm and kvm_amd; its console ends with:\n"
                    + consoleTail, "run again with --debug for the whole console; give labs a Debian or Ubuntu "
                    + "kernel (apt-get install linux-image-amd64)");
            default -> LabsException.failed("the emulated AMD-V machine could not start the lab: " + reason,
                    "its console ends with:\n" + consoleTail, null);
        };
    }
}
