package labs.launcher.amdv;

import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;
import labs.common.LabsException;

/** What the machine's init reported when it gave up ("CODE: reason"), as the error the user reads, with its fix. */
final class MachineFailure {
    private MachineFailure() {}

    static LabsException of(String codeAndReason, String consoleTail) {
        int colon = codeAndReason.indexOf(':');
        String code = colon < 0 ? codeAndReason : codeAndReason.substring(0, colon);
        String reason = colon < 0 ? codeAndReason : codeAndReason.substring(colon + 1).strip();
        return switch (code) {
            case "no-svm" -> new LabsException(Msg.get(LauncherText.AM_NO_SVM, reason),
                    Msg.get(LauncherText.AM_NO_SVM_WHY, "-cpu max"),
                    Msg.get(LauncherText.AM_NO_SVM_FIX, "apt-get install qemu-system-x86"));
            case "no-kvm", "modules" -> new LabsException(Msg.get(LauncherText.AM_NO_KVM, reason),
                    Msg.get(LauncherText.AM_NO_KVM_WHY, consoleTail),
                    Msg.get(LauncherText.AM_NO_KVM_FIX, "--debug", "apt-get install linux-image-amd64"));
            default -> LabsException.failed(Msg.get(LauncherText.AM_COULD_NOT_START, reason),
                    Msg.get(LauncherText.AM_CONSOLE_ENDS, consoleTail), null);
        };
    }
}
