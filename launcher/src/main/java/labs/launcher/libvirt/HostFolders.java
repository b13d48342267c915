package labs.launcher.libvirt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.CommandRunner;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;
import labs.launcher.remote.SshRunner;

/**
 * The host half's folder of a lab guest run through libvirt: labs-host/NAME beside the pool's folder (the
 * filesystem of the guest's disk, as io-compare needs, but not in the pool, so libvirt does not list it as a volume),
 * 0700, on the libvirt host: made there by commands run here, or over the URI's ssh when it is remote. Made with the
 * guest and removed with it; one that a labs killed with SIGKILL left is removed by the next lab on that host once
 * neither its domain nor its volumes exist.
 */
final class HostFolders {
    private static final Duration STEP = Duration.ofMinutes(1);
    private final Virsh virsh;
    private final Path root;
    private final CommandRunner host;

    HostFolders(Virsh virsh, Path poolDir) {
        this.virsh = virsh;
        this.root = poolDir.resolveSibling(poolDir.getFileName() + "-host");
        this.host = virsh.uri().remote() ? new SshRunner(virsh.uri().ssh()) : HostRunner.INSTANCE;
    }

    Path of(String guest) { return root.resolve(guest); }

    Path make(String guest) {
        run(List.of("mkdir", "-p", "-m", "700", "--", root.toString()));
        run(List.of("mkdir", "-m", "700", "--", of(guest).toString()));
        return of(guest);
    }

    /** Never throws: a folder left behind is removed by a later lab's sweep. */
    void remove(String guest) {
        try {
            run(List.of("rm", "-rf", "--", of(guest).toString()));
        } catch (RuntimeException e) {
            // left for the sweep
        }
    }

    /** Removes the folders of guests that are gone (a labs killed with SIGKILL): no domain and no volume of it. */
    void sweep() {
        try {
            ExecResult r = host.exec(List.of("find", root.toString(), "-mindepth", "1", "-maxdepth", "1", "-type", "d",
                    "-printf", "%f\\n"), STEP);
            for (String guest : r.ok() ? r.stdout().split("\n") : new String[0]) {
                if (guest.matches("[A-Za-z0-9][A-Za-z0-9._-]*") && !virsh.tryRun("domstate", guest).ok()
                        && !virsh.tryRun("vol-info", "--pool", LibvirtUri.POOL, guest + "-root.qcow2").ok()) {
                    remove(guest);
                }
            }
        } catch (Exception e) {
            // nothing to sweep, or not now
        }
    }

    private void run(List<String> argv) {
        try {
            ExecResult r = host.exec(argv, STEP);
            if (!r.ok()) {
                throw LabsException.failed(String.join(" ", argv) + " failed on the libvirt host", r.stderr().strip(),
                        null);
            }
        } catch (java.io.IOException e) {
            throw LabsException.failed(String.join(" ", argv) + " failed on the libvirt host", e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed(Msg.get(LauncherText.INTERRUPTED), null, e);
        }
    }
}
