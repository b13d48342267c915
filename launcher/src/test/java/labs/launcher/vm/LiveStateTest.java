package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import labs.launcher.Accelerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How QMP's run states become `vm list` states (QEMU's RunState names from qapi/run-state.json; running, paused
 * and io-error are the ones labs-cli's VmStateIT drives a real QEMU into), and whether a not-yet-ready guest is still "booting", judged on real
 * processes: this JVM as a live starter, an ended process as a dead one.
 */
class LiveStateTest {
    @TempDir
    Path tmp;

    private static final Path SOCK = Path.of("/s/qmp.sock");

    @Test
    void qmpStatusesMapToStates() throws Exception {
        assertEquals(VmState.RUNNING, LiveState.fromStatus("v", SOCK, "running", List::of).state());
        assertNull(LiveState.fromStatus("v", SOCK, "running", List::of).note());
        LiveState.Reading paused = LiveState.fromStatus("v", SOCK, "paused", List::of);
        assertEquals(VmState.PAUSED, paused.state());
        assertTrue(paused.note().contains("labs vm resume v (QMP \"cont\"")
                && paused.note().contains("labs vm destroy v") && !paused.note().contains("socat"), paused.note());
        assertEquals(VmState.PAUSED, LiveState.fromStatus("v", SOCK, "suspended", List::of).state());
        LiveState.Reading full = LiveState.fromStatus("v", SOCK, "paused", () -> List.of("data: nospace"));
        assertEquals(VmState.IO_ERROR, full.state());
        assertTrue(full.note().contains("data: nospace") && full.note().contains("is full"), full.note());
        LiveState.Reading failed = LiveState.fromStatus("v", SOCK, "io-error", () -> List.of("data: failed"));
        assertEquals(VmState.IO_ERROR, failed.state());
        assertFalse(failed.note().contains("is full"), failed.note());
        assertEquals(VmState.CRASHED, LiveState.fromStatus("v", SOCK, "guest-panicked", List::of).state());
        assertEquals(VmState.SHUTDOWN, LiveState.fromStatus("v", SOCK, "shutdown", List::of).state());
    }

    @Test
    void notReadyIsBootingWhileTheStarterLivesOrWithinTheLimit() throws Exception {
        Process p = new ProcessBuilder("sleep", "0.1").start();
        p.waitFor();
        long self = ProcessHandle.current().pid();
        long selfTicks = ProcessStat.startTicks(self).orElseThrow();
        Path console = Files.writeString(tmp.resolve("console.log"), "[    0.1] booting\n");
        String justNow = OffsetDateTime.now().toString();
        String longAgo = OffsetDateTime.now().minusMinutes(10).toString();

        // qemu "started" after this JVM: this JVM is its live starter
        assertEquals(VmState.BOOTING, read(self, selfTicks + 1, console, longAgo).state());
        // starter gone: booting within the limit, not responding after it
        assertEquals(VmState.BOOTING, read(p.pid(), selfTicks + 1, console, justNow).state());
        LiveState.Reading stale = read(p.pid(), selfTicks + 1, console, longAgo);
        assertEquals(VmState.NOT_RESPONDING, stale.state());
        assertTrue(stale.note().contains("labs vm destroy v"), stale.note());
        // a live pid that started after the qemu is not its starter (a reused pid)
        assertEquals(VmState.NOT_RESPONDING, read(self, selfTicks - 1, console, longAgo).state());
    }

    @Test
    void theAgentsReadyLineOnTheConsoleMeansItBooted() throws Exception {
        Path console = Files.writeString(tmp.resolve("console.log"), "x\nlabs-agent: ready on /dev/vport2p1\n");
        assertTrue(LiveState.agentAnnounced(console));
        assertFalse(LiveState.agentAnnounced(tmp.resolve("none.log")));
    }

    private static LiveState.Reading read(long owner, long qemuTicks, Path console, String startedAt) {
        VmRuntime r = new VmRuntime(1L << 30, qemuTicks, Accelerator.TCG, "t", Path.of("/nonexistent/qmp.sock"),
                Path.of("/nonexistent/agent.sock"), console, List.of(), null, false, owner, startedAt);
        return LiveState.read("v", r, Duration.ofSeconds(60));
    }
}
