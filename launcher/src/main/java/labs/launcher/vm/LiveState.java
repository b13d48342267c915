package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import labs.launcher.qmp.QmpClient;

/**
 * What a live qemu is doing, as `vm list` and `vm exec` must say it: not just "the process exists". A guest that
 * never became ready is "booting" only while the labs that started it still waits (or, with its starter gone,
 * within the boot time limit); after that it is "not responding". A ready guest's run state comes from QMP
 * query-status: QEMU pauses a guest on `stop` and on a write that fails with ENOSPC (the host filesystem under its
 * disk is full: the launcher's -drive sets no werror, and virtio-blk's default, werror=enospc, stops the guest on
 * ENOSPC and reports other errors to it): that is "paused" or "io-error", not "running".
 */
public final class LiveState {
    /** The state and, when the user must act, what happened and the fix. */
    public record Reading(VmState state, String note) {}

    /** QMP is asked with a short limit: another client may hold QEMU's one QMP connection (then: running). */
    private static final Duration QMP_WAIT = Duration.ofMillis(1500);
    /** The agent announces itself on the console early in the boot: the first MiB holds that line. */
    private static final int READY_SCAN_BYTES = 1 << 20;
    private static final String AGENT_READY = "labs-agent: ready";

    private LiveState() {}

    /** The reading for the VM named name whose qemu (r) is alive. */
    public static Reading read(String name, VmRuntime r, Duration bootTimeout) {
        Reading reading = readLive(name, r, bootTimeout);
        if (!QemuProcess.FOUND_ON_PROC.equals(r.acceleratorReason()) || reading.note() != null) {
            return reading;
        }
        return new Reading(reading.state(), Msg.get(VmText.NOTE_DAMAGED_RUNTIME, r.pid(), name));
    }

    private static Reading readLive(String name, VmRuntime r, Duration bootTimeout) {
        if (!r.ready() && !agentAnnounced(r.consoleLog())) {
            return notReady(name, r, bootTimeout);
        }
        try (QmpClient qmp = QmpClient.connect(r.qmpSocket(), QMP_WAIT, QMP_WAIT)) {
            return fromStatus(name, r.qmpSocket(), qmp.queryStatus(), qmp::failedBlockDevices);
        } catch (IOException | RuntimeException e) {
            return new Reading(VmState.RUNNING, null);   // QMP busy: the process and its agent are what we know
        }
    }

    private static Reading notReady(String name, VmRuntime r, Duration bootTimeout) {
        if (starterAlive(r)) {
            return new Reading(VmState.BOOTING, null);
        }
        String gone = Msg.get(VmText.NOTE_STARTER_GONE, r.ownerPid());
        if (withinBoot(r, bootTimeout)) {
            return new Reading(VmState.BOOTING, Msg.get(VmText.NOTE_BOOTING_ORPHAN, gone, name));
        }
        return new Reading(VmState.NOT_RESPONDING, Msg.get(VmText.NOTE_NOT_RESPONDING, gone,
                bootTimeout.toSeconds(), name));
    }

    /** QMP query-block's failed devices, asked only when the status needs them. */
    interface FailedDevices {
        List<String> get() throws IOException;
    }

    static Reading fromStatus(String name, Path socket, String status, FailedDevices failedDevices)
            throws IOException {
        String resume = Msg.get(VmText.NOTE_RESUME, name);
        switch (status) {
            case "running":
                return new Reading(VmState.RUNNING, null);
            case "shutdown":
                return new Reading(VmState.SHUTDOWN, Msg.get(VmText.NOTE_SHUTDOWN, name));
            case "guest-panicked":
            case "internal-error":
                return new Reading(VmState.CRASHED, Msg.get(VmText.NOTE_CRASHED, status, name));
            case "io-error":
                return ioError(name, failedDevices.get(), resume);
            default:
                List<String> failed = failedDevices.get();
                if (!failed.isEmpty()) {
                    return ioError(name, failed, resume);
                }
                return new Reading(VmState.PAUSED, Msg.get(VmText.NOTE_PAUSED, status, resume));
        }
    }

    private static Reading ioError(String name, List<String> failed, String resume) {
        boolean full = failed.stream().anyMatch(f -> f.endsWith("nospace"));
        return new Reading(VmState.IO_ERROR, Msg.get(full ? VmText.NOTE_IO_ERROR_FULL : VmText.NOTE_IO_ERROR,
                String.join(", ", failed.isEmpty() ? List.of("io-error") : failed), resume));
    }

    /**
     * The labs that started the qemu still exists: its pid is alive and that process is older than the qemu (a
     * reused pid belongs to a process started later). Start times are clock ticks after boot, both from /proc.
     */
    static boolean starterAlive(VmRuntime r) {
        return ProcessStat.startTicks(r.ownerPid()).map(t -> t <= r.startTicks()).orElse(false);
    }

    private static boolean withinBoot(VmRuntime r, Duration bootTimeout) {
        try {
            return OffsetDateTime.parse(r.startedAt()).plus(bootTimeout).isAfter(OffsetDateTime.now());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The agent's "ready" line is on this boot's console (the launcher empties the log before each boot). */
    static boolean agentAnnounced(Path console) {
        if (console == null || !Files.isRegularFile(console, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(console, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(READY_SCAN_BYTES), StandardCharsets.ISO_8859_1).contains(AGENT_READY);
        } catch (IOException e) {
            return false;
        }
    }
}
