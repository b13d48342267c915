package labs.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.CommandRunner;
import labs.common.HostRunner;

/**
 * The host half of a lab whose guest runs on a remote libvirt host (`--connect qemu+ssh://...`): it runs there,
 * over the URI's ssh, and meta.json says so (the fingerprint in it is still this machine's, where labs ran).
 */
final class RemoteHalf {
    private RemoteHalf() {}

    /** The tools the host half runs on the libvirt host. */
    static final List<String> TOOLS = List.of("fio", "mpstat", "iostat");

    /**
     * Exit 2 before anything is made when the remote libvirt host cannot run the host half: ssh does not get in, or
     * fio or sysstat are not installed there.
     */
    static void require(labs.launcher.LabEngine engine) throws Exception {
        String remote = engine.remoteHost();
        if (remote == null) {
            return;
        }
        List<String> which = new java.util.ArrayList<>(List.of("which"));
        which.addAll(TOOLS);
        labs.common.ExecResult r = engine.host().exec(which, Duration.ofMinutes(1));
        if (r.exitCode() == 255) {   // ssh's own failure
            throw labs.common.LabsException.usage("cannot run the lab's host half on " + remote + " over ssh: "
                    + r.stderr().strip(), "check that ssh with the URI's user, port and key gets in there");
        }
        List<String> missing = TOOLS.stream().filter(t -> !r.stdout().contains("/" + t + "\n")).toList();
        if (!missing.isEmpty()) {
            throw labs.common.LabsException.usage("the libvirt host " + remote + " has no " + String.join(", ", missing)
                    + ", which the lab's host half runs there", "install them there: apt-get install fio sysstat");
        }
    }

    /** meta.json: where the host half ran, and the host's fio and sysstat versions there. */
    static void record(LabRun run, CommandRunner hostSide) {
        String remote = run.launcher.remoteHost();
        if (remote == null) {
            return;
        }
        run.meta.options.put("hostHalf", "ssh " + remote);
        run.meta.notes.add("the guest ran on the libvirt host " + remote + " and the host half (fio, sysstat) ran "
                + "there too, over ssh; meta.json's host fingerprint is the machine labs ran on, not that host");
        run.meta.versions.put("fio (libvirt host)", Versions.of(hostSide, "fio", "--version"));
        run.meta.versions.put("sysstat (libvirt host)", Versions.of(hostSide, "mpstat", "-V"));
    }

    /** Removes the host's test file where it is (here, or on the remote host). */
    static void delete(CommandRunner hostSide, Path file) throws Exception {
        if (hostSide instanceof HostRunner) {
            Files.deleteIfExists(file);
        } else {
            hostSide.exec(List.of("rm", "-f", "--", file.toString()), Duration.ofMinutes(1));
        }
    }
}
