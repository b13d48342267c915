package labs.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import labs.common.CommandRunner;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.i18n.LabText;
import labs.common.i18n.Msg;
import labs.launcher.LabEngine;

/**
 * The host half of a lab whose guest runs on a remote libvirt host (`--connect qemu+ssh://...`): it runs there,
 * over the URI's ssh, and meta.json says so (the fingerprint in it is still this machine's, where labs ran; the
 * libvirt host's CPU is recorded beside it).
 */
final class RemoteHalf {
    private RemoteHalf() {}

    /**
     * What a lab's host half runs on the libvirt host.
     *
     * @param what     for meta.json's note: "fio, sysstat"
     * @param commands checked there before anything is made
     * @param install  the fix when one is missing
     */
    record Tools(String what, List<String> commands, String install) {}

    static final Tools IO_COMPARE = new Tools("fio, sysstat", List.of("fio", "mpstat", "iostat"),
            "apt-get install fio sysstat");
    static final Tools CPU_OVERHEAD = new Tools("the fixed job with busybox and taskset, mpstat, the vCPU threads' "
            + "/proc", List.of("busybox", "taskset", "mpstat", "cat"), "apt-get install busybox util-linux sysstat");
    static final Tools SCHED_VIRT = new Tools("labs' load program and its host loop, the vCPU thread's /proc",
            List.of("cat", "sha256sum", "stat", "find"), "apt-get install coreutils findutils");

    /** A tool whose version meta.json records, as "NAME (libvirt host)", when the host half runs it. */
    private record Version(String tool, String name, List<String> argv) {}

    private static final List<Version> VERSIONS = List.of(new Version("fio", "fio", List.of("fio", "--version")),
            new Version("mpstat", "sysstat", List.of("mpstat", "-V")),
            new Version("busybox", "busybox", List.of("busybox")));

    /**
     * Exit 2 before anything is made when the remote libvirt host cannot run the host half: ssh does not get in,
     * a tool is not installed there, or it has no CPU cpu (-1: the lab pins nothing).
     */
    static void require(LabEngine engine, Tools tools, int cpu) throws Exception {
        String remote = engine.remoteHost();
        if (remote == null) {
            return;
        }
        List<String> check = new ArrayList<>(List.of("sh", "-c", "which \"$@\"; getconf _NPROCESSORS_ONLN",
                "labs-check"));
        check.addAll(tools.commands());
        ExecResult r = engine.host().exec(check, Duration.ofMinutes(1));
        if (r.exitCode() == 255) {   // ssh's own failure
            throw LabsException.usage(Msg.get(LabText.RH_NO_SSH, remote, r.stderr().strip()),
                    Msg.get(LabText.RH_NO_SSH_FIX));
        }
        List<String> missing = tools.commands().stream().filter(t -> !r.stdout().contains("/" + t + "\n")).toList();
        if (!missing.isEmpty()) {
            throw LabsException.usage(Msg.get(LabText.RH_MISSING, remote, String.join(", ", missing)),
                    Msg.get(LabText.RH_MISSING_FIX, tools.install()));
        }
        List<String> lines = r.stdout().strip().lines().toList();
        int cpus = lines.isEmpty() || !lines.get(lines.size() - 1).matches("[0-9]{1,5}") ? Integer.MAX_VALUE
                : Integer.parseInt(lines.get(lines.size() - 1));
        if (cpu >= cpus) {
            throw LabsException.usage(Msg.get(LabText.RH_NOT_A_CPU, cpu, remote, cpus),
                    Msg.get(LabText.GIVE, "0.." + (cpus - 1)));
        }
    }

    /** meta.json: where the host half ran, the libvirt host's CPU, and the versions of its tools there. */
    static void record(LabRun run, CommandRunner hostSide, Tools tools) {
        String remote = run.launcher.remoteHost();
        if (remote == null) {
            return;
        }
        run.meta.options.put("hostHalf", "ssh " + remote);
        run.meta.options.put("libvirtHostCpu", RemoteCpu.describe(hostSide));
        run.meta.notes.add("the guest ran on the libvirt host " + remote + " and the host half (" + tools.what()
                + ") ran there too, over ssh; meta.json's host fingerprint is the machine labs ran on, not that host");
        for (Version v : VERSIONS) {
            if (tools.commands().contains(v.tool())) {
                run.meta.versions.put(v.name() + " (libvirt host)", Versions.of(hostSide, v.argv()
                        .toArray(String[]::new)));
            }
        }
    }

    /** "host", or "libvirt host USER@HOST:PORT" when the host half runs there: for meta.json's notes. */
    static String host(LabEngine engine) {
        return engine.remoteHost() == null ? "host" : "libvirt host " + engine.remoteHost();
    }

    /** The ssh host of a host half run over ssh, or null for this machine. */
    static labs.launcher.remote.SshHost ssh(CommandRunner hostSide) {
        return hostSide instanceof labs.launcher.remote.SshRunner r ? r.host() : null;
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
