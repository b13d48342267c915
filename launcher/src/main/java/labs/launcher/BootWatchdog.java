package labs.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import labs.common.LabsException;
import labs.launcher.agent.GuestAgent;
import labs.launcher.vm.ConsoleLog;
import labs.launcher.vm.VmRuntime;
import labs.launcher.vm.VmStore;

/**
 * The boot watchdog: the agent's ready marker within the time limit, or qemu is stopped and the console shown. It
 * watches qemu's exit, a kernel panic on the console and the clock, whichever comes first.
 */
final class BootWatchdog {
    private final VmStore store;

    BootWatchdog(VmStore store) {
        this.store = store;
    }

    /** The guest's agent once it is ready; else qemu is killed and a {@link BootFailure} says why. */
    GuestAgent awaitAgent(String name, Process p, VmRuntime rt, Duration timeout) {
        CompletableFuture<GuestAgent> ready = CompletableFuture.supplyAsync(
                () -> GuestAgent.connect(rt.agentSocket(), timeout, p.toHandle()));
        long deadline = System.nanoTime() + timeout.toNanos() + Duration.ofSeconds(2).toNanos();
        String failure = null;
        try {
            while (!ready.isDone()) {
                if (!p.isAlive()) {
                    failure = "qemu exited (status " + p.exitValue() + ") before the guest was ready";
                    break;
                }
                String panic = ConsoleLog.panic(rt.consoleLog());
                if (panic != null) {
                    failure = "the guest kernel panicked: " + panic;
                    break;
                }
                if (System.nanoTime() > deadline) {
                    failure = "the guest did not report ready within " + timeout.toSeconds() + " s under "
                            + rt.accelerator().qemuName().toUpperCase() + " (a hang)";
                    break;
                }
                Thread.sleep(100);
            }
            if (failure == null) {
                return ready.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted while waiting for the guest";
        } catch (java.util.concurrent.CompletionException e) {
            failure = agentFailed(e, p, rt, timeout);
        }
        ready.thenAccept(GuestAgent::close); // should it still connect after we gave up
        kill(p, name);
        throw failed(name, failure, rt, timeout);
    }

    /** Why the agent's connection failed: qemu gone, a hang, or (said last, as it explains both) a panic. */
    private static String agentFailed(java.util.concurrent.CompletionException e, Process p, VmRuntime rt,
                                      Duration timeout) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        String agentSaid = c instanceof LabsException le
                ? le.getMessage() + (le.why() == null ? "" : " (" + le.why() + ")") : c.toString();
        String failure;
        if (!p.isAlive()) {
            failure = "qemu exited (status " + p.exitValue() + ") before the guest was ready: " + agentSaid;
        } else {
            failure = "the guest did not report ready within " + timeout.toSeconds() + " s under "
                    + rt.accelerator().qemuName().toUpperCase() + " (a hang?): " + agentSaid;
        }
        String panic = ConsoleLog.panic(rt.consoleLog());
        if (panic != null) {
            failure = "the guest kernel panicked: " + panic;
        }
        return failure;
    }

    private BootFailure failed(String name, String failure, VmRuntime rt, Duration timeout) {
        String qemuSaid = tailOf(store.qemuLog(name));
        return new BootFailure(new LabsException("VM '" + name + "' did not boot: " + failure,
                "console tail:\n" + indent(ConsoleLog.tail(rt.consoleLog(), 15))
                        + (qemuSaid.isBlank() ? "" : "\n  qemu said:\n" + indent(qemuSaid)),
                "see the whole console with: labs vm log " + name
                        + "; a slow machine may need more time: LABS_BOOT_TIMEOUT=SECONDS (now "
                        + timeout.toSeconds() + ")", LabsException.EXIT_FAILED, null));
    }

    /** Stops a qemu that will not become a usable VM, and forgets its runtime. */
    void kill(Process p, String name) {
        p.destroyForcibly();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.clearRuntime(name);
    }

    private static String tailOf(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return "";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static String indent(String text) {
        return "    " + text.replace("\n", "\n    ");
    }
}
