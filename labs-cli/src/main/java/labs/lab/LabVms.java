package labs.lab;

import labs.common.Ui;
import labs.launcher.Launcher;

/** The guests a lab defines for itself live only as long as the run: removed at the end, whatever happened. */
final class LabVms {
    private LabVms() {}

    /**
     * Stops (if still running) and undefines the lab's own VM with its storage. A VM the run never got to define is
     * not there to remove, nor one the exit hook removed first: saying "could not remove" for it would send the user
     * hunting for nothing. A removal that fails is a warning with the commands to finish it, so it never hides the
     * lab's own error.
     */
    static void remove(Launcher launcher, String vm) {
        if (!launcher.store().exists(vm)) {
            return;
        }
        try {
            launcher.destroy(vm);
            launcher.undefine(vm, true);
        } catch (RuntimeException e) {
            if (!java.nio.file.Files.exists(launcher.store().dir(vm), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return;   // the exit hook (Ctrl-C, kill) removed it while this thread was on its way
            }
            Ui.warn("could not remove the lab's guest %s: %s (remove it with: labs vm destroy %s; labs vm undefine %s "
                    + "--remove-all-storage)", vm, e.getMessage(), vm, vm);
        }
    }
}
