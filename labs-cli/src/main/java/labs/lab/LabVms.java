package labs.lab;

import java.nio.file.Path;
import labs.common.Ui;
import labs.common.i18n.LabText;
import labs.common.i18n.Msg;
import labs.fio.NamedSide;
import labs.cli.vm.ConnectOption;
import labs.launcher.BootPolicy;
import labs.launcher.LabEngine;
import labs.launcher.Launcher;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.libvirt.LibvirtLabEngine;
import labs.launcher.libvirt.LibvirtUri;
import labs.launcher.RunningVm;
import labs.launcher.vm.WatchedGuest;

/** The guests a lab defines for itself live only as long as the run: removed at the end, whatever happened. */
final class LabVms {
    private LabVms() {}

    /**
     * The launcher of a lab that boots guests, once the packages it needs are there (asked for once, before anything
     * is created): every VM it defines lives only as long as the run (see Launcher.forLab).
     */
    static Launcher forLab(String lab, labs.charts.Lang language) {
        labs.common.Packages.ensure("labs run " + lab, Needs.guestLab(language));
        return Launcher.openDefault(HostAccelProbe.INSTANCE).forLab();
    }

    /**
     * As {@link #forLab(String, labs.charts.Lang)}, or with --connect URI (or $LABS_CONNECT) the lab's guest runs as
     * a transient libvirt domain there (the URI checked, and virsh there, before anything is made); on a remote host
     * the lab's host half runs there over ssh (see RemoteHalf).
     */
    static LabEngine forLab(String lab, labs.charts.Lang language, ConnectOption connect) {
        if (!connect.libvirt()) {
            return forLab(lab, language);
        }
        LibvirtUri uri = connect.parsed();
        labs.common.Packages.ensure("labs run " + lab + " --connect", Needs.libvirtLab(language));
        return new LibvirtLabEngine(uri, new GuestImageBuilder(GuestImageBuilder.defaultCacheRoot()),
                HostAccelProbe.INSTANCE, BootPolicy.standard(), Ui.TERMINAL).forLab();
    }

    /** Whether --connect names a remote libvirt host (its URI is checked: exit 2 for a bad one). */
    static boolean remote(ConnectOption connect) {
        return connect != null && connect.libvirt() && connect.parsed().remote();
    }

    /**
     * Stops (if still running) and undefines the lab's own VM with its storage. A VM the run never got to define is
     * not there to remove, nor one the exit hook removed first: saying "could not remove" for it would send the user
     * hunting for nothing. A removal that fails is a warning with the commands to finish it, so it never hides the
     * lab's own error.
     */
    static void remove(LabEngine launcher, String vm) {
        if (!launcher.defined(vm)) {
            return;
        }
        try {
            launcher.destroy(vm);
            launcher.undefine(vm, true);
        } catch (RuntimeException e) {
            if (launcher.gone(vm)) {
                return;   // the exit hook (Ctrl-C, kill) removed it while this thread was on its way
            }
            String at = launcher.connectUri() == null ? "" : " --connect " + launcher.connectUri();
            Ui.warn("%s", Msg.get(LabText.GUEST_NOT_REMOVED, vm, e.getMessage(),
                    "labs vm destroy " + vm + at + "; labs vm undefine " + vm + " --remove-all-storage" + at));
        }
    }

    /**
     * The lab's guest as the experiment's "guest" side, every step watched: a hung task or an I/O error on its
     * console, or a step past its deadline, stops the lab with the console's tail instead of waiting for ever.
     *
     * @param keptConsole where the lab keeps the whole console (see Launcher.keepConsoleAt)
     * @param tryNext     what else to try when it happens again (a lab's option), or null
     */
    static NamedSide watchedGuest(LabEngine launcher, RunningVm vm, Path keptConsole, String tryNext) {
        return new NamedSide("guest", new WatchedGuest(vm, launcher.consoleLog(vm.name()),
                tryNext == null ? Msg.get(LabText.WATCHED_FIX, keptConsole)
                        : Msg.get(LabText.WATCHED_FIX_TRY, tryNext, keptConsole)));
    }
}
