package labs.cli.vm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import labs.common.HostRunner;

/**
 * The real libvirt daemon the libvirt ITs drive through qemu:///system: used as it is when it already runs, else
 * started here (libvirtd and virtlogd, as Debian's units would without systemd) and stopped again at the end.
 *
 * <p>/dev/kvm: on a Debian host udev makes it root:kvm 0660 and libvirt-qemu is in group kvm. A machine without udev
 * (our CI VM) has it root 0600, and a package script run in a chroot that bound the host's /dev once left it group
 * 993, a group this host does not have; libvirt then finds that its QEMU user cannot open it and probes QEMU's
 * capabilities again on every call ("KVM was enabled when probing ..., but it is not available now" in its debug
 * log), 4-45 s each: a virt-clone took 90 s instead of 3 s, and concurrent creates ran into labs' virsh timeout.
 * Whenever the device is not group kvm with group read-write, the tests therefore give it what udev would have given
 * (group kvm, 0660), and put its exact group and mode back afterwards.
 *
 * <p>Whatever ends the test, nothing of this outlives it: a failure while starting undoes what was done so far, and
 * a guard process in a session of its own (so a Ctrl-C of mvn does not reach it) waits for this JVM and, if it ends
 * without {@link #close} (a failsafe timeout, kill -9), puts /dev/kvm back and stops the daemons started here.
 */
final class Libvirtd {
    static final String URI = "qemu:///system";
    private static final Path KVM = Path.of("/dev/kvm");
    private final List<Long> started = new ArrayList<>();
    /** What /dev/kvm had before this class changed it, or null: its group id and its mode in octal. */
    private KvmBefore kvmRestore;

    private record KvmBefore(String gid, String octalMode) {
        /** As one word for the guard: "GID MODE". */
        String word() {
            return gid + " " + octalMode;
        }
    }
    private Process guard;

    /** Skips (with the reason) unless root with libvirt installed; starts the daemon when it does not answer. */
    static Libvirtd ensure() throws Exception {
        assumeTrue(HostRunner.isRoot(), "needs root: qemu:///system and its daemon");
        for (String tool : List.of("/usr/sbin/libvirtd", "/usr/bin/virsh", "/usr/bin/virt-clone")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), "needs " + tool
                    + ": apt-get install libvirt-daemon-system libvirt-clients virtinst (run-tests installs them)");
        }
        Libvirtd d = new Libvirtd();
        try {
            d.udevLikeKvm();
            if (run("virsh", "-c", URI, "uri") != 0) {
                d.start("/usr/sbin/virtlogd", "/run/virtlogd.pid");
                d.start("/usr/sbin/libvirtd", "/run/libvirtd.pid");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (run("virsh", "-c", URI, "uri") != 0) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("libvirtd did not answer within 30 s");
                    }
                    Thread.sleep(200);
                }
            }
            return d;
        } catch (Exception | Error e) {
            try {
                d.close();   // the class's @AfterAll gets no object to close
            } catch (Exception | Error again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    private void start(String daemon, String pidFile) throws Exception {
        if (run(daemon, "-d") != 0) {
            throw new IllegalStateException(daemon + " -d failed");
        }
        for (int i = 0; i < 50 && !Files.exists(Path.of(pidFile)); i++) {
            Thread.sleep(100);
        }
        started.add(Long.parseLong(Files.readString(Path.of(pidFile)).strip()));
        guard();
    }

    /**
     * (Re)starts the guard with what there is to undo now: sh, given this JVM's pid, /dev/kvm's former "GID MODE" or
     * "-", then the daemons' pids as arguments (never in the script's text).
     */
    private void guard() throws IOException {
        Process old = guard;
        List<String> argv = new ArrayList<>(List.of("setsid", "sh", "-c", GUARD, "labs-libvirtd-guard",
                Long.toString(ProcessHandle.current().pid()), kvmRestore != null ? kvmRestore.word() : "-"));
        started.forEach(pid -> argv.add(Long.toString(pid)));
        guard = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (old != null) {
            old.destroy();
        }
    }

    private static final String GUARD = "jvm=$1; kvm=$2; shift 2\n"
            + "while kill -0 \"$jvm\" 2>/dev/null; do sleep 1; done\n"
            + "if [ \"$kvm\" != - ]; then set -- $kvm \"$@\"; chmod \"$2\" /dev/kvm; chgrp \"$1\" /dev/kvm; shift 2; fi\n"
            + "for p in \"$@\"; do kill \"$p\" 2>/dev/null; done\n";

    private void udevLikeKvm() throws IOException, InterruptedException {
        if (!Files.exists(KVM) || run("getent", "group", "kvm") != 0) {
            return;
        }
        PosixFileAttributes a = Files.readAttributes(KVM, PosixFileAttributes.class);
        boolean groupRw = a.permissions().containsAll(PosixFilePermissions.fromString("---rw----"));
        if (!a.group().getName().equals("kvm") || !groupRw) {
            int mode = (Integer) Files.getAttribute(KVM, "unix:mode") & 07777;
            kvmRestore = new KvmBefore(String.valueOf(Files.getAttribute(KVM, "unix:gid")), Integer.toOctalString(mode));
            guard();   // before the change: a kill from here on still gets the device put back
            run("chgrp", "kvm", KVM.toString());
            run("chmod", "0660", KVM.toString());
        }
    }

    /**
     * Stops what was started here, newest first, and gives /dev/kvm back its mode (also when a daemon does not
     * stop); the guard is let go only when all that is done.
     */
    void close() throws Exception {
        try {
            for (int i = started.size() - 1; i >= 0; i--) {
                ProcessHandle.of(started.get(i)).ifPresent(p -> {
                    p.destroy();
                    p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                });
            }
        } finally {
            if (kvmRestore != null) {
                run("chmod", kvmRestore.octalMode(), KVM.toString());
                run("chgrp", kvmRestore.gid(), KVM.toString());
            }
        }
        if (guard != null) {
            guard.destroy();
        }
    }

    static int run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor();
    }

    /** virsh -c URI args: its exit status and output (stdout and stderr together). */
    static Out virsh(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("virsh", "-q", "-c", URI));
        argv.addAll(List.of(args));
        return exec(argv);
    }

    static Out exec(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(argv + " did not finish within 5 minutes");
        }
        return new Out(p.exitValue(), out);
    }

    record Out(int exit, String text) {}
}
