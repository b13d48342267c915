package labs.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import labs.common.Ui;
import labs.launcher.Launcher;

/** The guests a lab defines for itself live only as long as the run: removed at the end, whatever happened. */
final class LabVms {
    private LabVms() {}

    /**
     * Stops (if still running) and undefines the lab's own VM with its storage. A VM the run never got to define is
     * not there to remove: saying "could not remove" for it would send the user hunting for nothing. A removal that
     * fails is a warning with the commands to finish it, so it never hides the lab's own error.
     */
    static void remove(Launcher launcher, String vm) {
        remove(launcher, vm, null);
    }

    /**
     * The same, keeping the guest's console log (kernel messages, the agent's lines: what explains a guest that
     * misbehaved) as {@code console} in the results first: undefine deletes the VM's folder with it.
     */
    static void remove(Launcher launcher, String vm, Path console) {
        if (!launcher.store().exists(vm)) {
            return;
        }
        try {
            launcher.destroy(vm);
            Path log = launcher.store().consoleLog(vm);
            if (console != null && Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.copy(log, console, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    Ui.warn("could not keep the guest's console log in %s: %s", console, e.getMessage());
                }
            }
            launcher.undefine(vm, true);
        } catch (RuntimeException e) {
            Ui.warn("could not remove the lab's guest %s: %s (remove it with: labs vm destroy %s; labs vm undefine %s "
                    + "--remove-all-storage)", vm, e.getMessage(), vm, vm);
        }
    }
}
