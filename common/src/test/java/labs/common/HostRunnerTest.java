package labs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostRunnerTest {
    @Test
    void argumentsReachTheProgramUntouchedByAnyShell() throws Exception {
        String awkward = "a b; $(rm -rf /) 'q' \"dq\" 日本語";
        ExecResult r = HostRunner.INSTANCE.exec(List.of("printf", "%s", awkward), Duration.ofSeconds(10));
        assertTrue(r.ok());
        assertEquals(awkward, r.stdout());
    }

    @Test
    void exitStatusAndStderrAreKept() throws Exception {
        ExecResult r = HostRunner.INSTANCE.exec(List.of("sh", "-c", "echo oops >&2; exit 7"), Duration.ofSeconds(10));
        assertEquals(7, r.exitCode());
        assertEquals("oops", r.tail(1));
    }

    @Test
    void aCommandThatHangsIsStoppedAndNamed() {
        LabsException e = assertThrows(LabsException.class,
                () -> HostRunner.INSTANCE.exec(List.of("sleep", "30"), Duration.ofMillis(300)));
        assertTrue(e.getMessage().startsWith("sleep did not finish"), e.getMessage());
    }

    @Test
    void anInterruptedWaitStopsTheCommandInsteadOfLeavingItRunning() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                HostRunner.INSTANCE.exec(List.of("sleep", "37.5"), Duration.ofSeconds(60));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        java.util.Optional<ProcessHandle> child = java.util.Optional.empty();
        for (int i = 0; i < 200 && child.isEmpty(); i++) {
            Thread.sleep(25);
            child = ProcessHandle.current().children()
                    .filter(h -> h.info().arguments().map(a -> List.of(a).contains("37.5")).orElse(false))
                    .findFirst();
        }
        assertTrue(child.isPresent(), "sleep 37.5 should have started");
        t.interrupt();
        t.join(10_000);
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        assertTrue(child.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS) != null);
        assertTrue(!child.get().isAlive(), "the command must not outlive an interrupted wait");
    }

    @Test
    void whichFindsShAndNotNonsense() {
        assertNotNull(HostRunner.which("sh"));
        assertNull(HostRunner.which("no-such-program-labs"));
    }
}
