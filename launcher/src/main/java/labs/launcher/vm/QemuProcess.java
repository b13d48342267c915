package labs.launcher.vm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a recorded pid is this VM's qemu, judged on /proc alone, so that runtime.json (a file that may have been
 * forged, or outlived its process) can never make labs signal anything else: the process must still have the
 * recorded start time, its executable must be a qemu-system-* binary, and its command line must name this VM's
 * QMP socket, which lies inside this VM's folder.
 */
public final class QemuProcess {
    private QemuProcess() {}

    /** Empty when it is this VM's qemu; otherwise why not (for the message that says what was not killed). */
    public static String mismatch(VmRuntime rt, VmStore store, String name) {
        Path expectedQmpSocket = store.qmpSocket(name);
        if (!expectedQmpSocket.equals(rt.qmpSocket()) || !store.agentSocket(name).equals(rt.agentSocket())) {
            return "runtime.json names sockets outside the folder of VM '" + name + "' (" + rt.qmpSocket() + ")";
        }
        if (!rt.processAlive()) {
            return "no process " + rt.pid() + " with the recorded start time";
        }
        Path proc = Path.of("/proc", Long.toString(rt.pid()));
        String exe;
        try {
            exe = Files.readSymbolicLink(proc.resolve("exe")).getFileName().toString();
        } catch (IOException | RuntimeException e) {
            return "the executable of process " + rt.pid() + " cannot be read (" + e.getMessage() + ")";
        }
        if (!exe.startsWith("qemu-system-")) {
            return "process " + rt.pid() + " runs " + exe + ", not qemu-system-*";
        }
        byte[] cmdline;
        try {
            cmdline = Files.readAllBytes(proc.resolve("cmdline"));
        } catch (IOException e) {
            return "the command line of process " + rt.pid() + " cannot be read (" + e.getMessage() + ")";
        }
        String socket = expectedQmpSocket.toString();
        for (String arg : new String(cmdline, StandardCharsets.UTF_8).split("\0")) {
            // qemu's option syntax doubles a comma inside a value, so the path may appear either way
            if (arg.contains("path=" + socket.replace(",", ",,") + ",") || arg.contains("path=" + socket + ",")) {
                return "";
            }
        }
        return "process " + rt.pid() + " is a qemu, but not the one of " + expectedQmpSocket.getParent();
    }

    public static boolean isQemuOf(VmRuntime rt, VmStore store, String name) {
        return mismatch(rt, store, name).isEmpty();
    }
}
