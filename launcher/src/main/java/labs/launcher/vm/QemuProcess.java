package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import labs.launcher.Accelerator;

/**
 * Whether a recorded pid is this VM's qemu, judged on /proc alone, so that runtime.json (a file that may have been
 * forged, or outlived its process) can never make labs signal anything else: the process must still have the
 * recorded start time, its executable must be a qemu-system-* binary, and its command line must name this VM's
 * QMP socket, which lies inside this VM's folder.
 */
public final class QemuProcess {
    /** The accelerator reason of a runtime found on /proc (see {@link #findRunning}): list says so. */
    public static final String FOUND_ON_PROC = "found on /proc: runtime.json is missing or damaged";

    private QemuProcess() {}

    /** Empty when it is this VM's qemu; otherwise why not (for the message that says what was not killed). */
    public static String mismatch(VmRuntime rt, VmStore store, String name) {
        Path expectedQmpSocket = store.qmpSocket(name);
        if (!expectedQmpSocket.equals(rt.qmpSocket()) || !store.agentSocket(name).equals(rt.agentSocket())) {
            return Msg.get(VmText.QP_SOCKETS_OUTSIDE, name, rt.qmpSocket());
        }
        if (!rt.processAlive()) {
            return Msg.get(VmText.QP_NO_PROCESS, rt.pid());
        }
        Path proc = Path.of("/proc", Long.toString(rt.pid()));
        String exe;
        try {
            exe = Files.readSymbolicLink(proc.resolve("exe")).getFileName().toString();
        } catch (IOException | RuntimeException e) {
            return Msg.get(VmText.QP_EXE_UNREADABLE, rt.pid(), e.getMessage());
        }
        if (!exe.startsWith("qemu-system-")) {
            return Msg.get(VmText.QP_NOT_QEMU, rt.pid(), exe);
        }
        byte[] cmdline;
        try {
            cmdline = Files.readAllBytes(proc.resolve("cmdline"));
        } catch (IOException e) {
            return Msg.get(VmText.QP_CMDLINE_UNREADABLE, rt.pid(), e.getMessage());
        }
        String socket = expectedQmpSocket.toString();
        for (String arg : new String(cmdline, StandardCharsets.UTF_8).split("\0")) {
            // qemu's option syntax doubles a comma inside a value, so the path may appear either way
            if (arg.contains("path=" + socket.replace(",", ",,") + ",") || arg.contains("path=" + socket + ",")) {
                return "";
            }
        }
        return Msg.get(VmText.QP_OTHER_QEMU, rt.pid(), expectedQmpSocket.getParent());
    }

    public static boolean isQemuOf(VmRuntime rt, VmStore store, String name) {
        return mismatch(rt, store, name).isEmpty();
    }

    /**
     * A live qemu of this user whose command line names this VM's QMP socket, found on /proc alone: what runs when
     * runtime.json is missing or damaged, so that labs never calls such a VM shut off (and starts a second qemu on
     * its disk, or deletes the disk under it). The runtime built from it passes {@link #mismatch} like a recorded
     * one, so destroy can stop it after the same checks.
     */
    public static Optional<VmRuntime> findRunning(VmStore store, String name) {
        Path qmp = store.qmpSocket(name);
        Path agent = store.agentSocket(name);
        int uid = StoreGuard.currentUid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> ownedBy(p, uid))
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .flatMap(pid -> ProcessStat.startTicks(pid).stream().map(t -> new VmRuntime(pid, t, accel(pid),
                            FOUND_ON_PROC, qmp, agent,
                            qmp.resolveSibling("console.log"), List.of(), null, true, -1, null)))
                    .filter(rt -> isQemuOf(rt, store, name))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean ownedBy(Path proc, int uid) {
        try {
            return ((Integer) Files.getAttribute(proc, "unix:uid")) == uid;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The accelerator named by the process's "-accel X" (TCG when it cannot be read: the cautious time limit). */
    private static Accelerator accel(long pid) {
        try {
            String[] args = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).split("\0");
            for (int i = 0; i + 1 < args.length; i++) {
                if (args[i].equals("-accel") && args[i + 1].startsWith("kvm")) {
                    return Accelerator.KVM;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone meanwhile: the identity check that follows drops it
        }
        return Accelerator.TCG;
    }
}
