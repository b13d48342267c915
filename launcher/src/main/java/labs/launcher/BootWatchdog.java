package labs.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import labs.common.LabsException;
import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
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
        boolean hung = false;   // still booting when the clock ran out: more time may help
        try {
            while (!ready.isDone()) {
                if (!p.isAlive()) {
                    failure = Msg.get(VmText.BOOT_QEMU_EXITED, p.exitValue());
                    break;
                }
                String panic = ConsoleLog.panic(rt.consoleLog());
                if (panic != null) {
                    failure = Msg.get(VmText.BOOT_PANIC, panic);
                    break;
                }
                if (System.nanoTime() > deadline) {
                    failure = Msg.get(VmText.BOOT_HANG, timeout.toSeconds(), rt.accelerator().qemuName().toUpperCase());
                    hung = true;
                    break;
                }
                Thread.sleep(100);
            }
            if (failure == null) {
                return ready.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = Msg.get(VmText.BOOT_INTERRUPTED);
        } catch (java.util.concurrent.CompletionException e) {
            failure = agentFailed(e, p, rt, timeout);
            hung = p.isAlive() && ConsoleLog.panic(rt.consoleLog()) == null;   // as agentFailed says it
        }
        ready.thenAccept(GuestAgent::close); // should it still connect after we gave up
        kill(p, name);
        String init = ConsoleLog.initFailure(rt.consoleLog());
        if (init != null) {
            // init.sh gave up and powered off: its own words explain the rest (qemu's exit, a closed agent)
            failure = Msg.get(VmText.BOOT_INIT_FAILED, init);
        }
        throw failed(name, failure, rt, timeout, init != null || !hung);
    }

    /** Why the agent's connection failed: qemu gone, a hang, or (said last, as it explains both) a panic. */
    private static String agentFailed(java.util.concurrent.CompletionException e, Process p, VmRuntime rt,
                                      Duration timeout) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        String agentSaid = c instanceof LabsException le
                ? le.getMessage() + (le.why() == null ? "" : " (" + le.why() + ")") : c.toString();
        String failure;
        if (!p.isAlive()) {
            failure = Msg.get(VmText.BOOT_QEMU_EXITED_SAID, p.exitValue(), agentSaid);
        } else {
            failure = Msg.get(VmText.BOOT_HANG_SAID, timeout.toSeconds(), rt.accelerator().qemuName().toUpperCase(),
                    agentSaid);
        }
        String panic = ConsoleLog.panic(rt.consoleLog());
        if (panic != null) {
            failure = Msg.get(VmText.BOOT_PANIC, panic);
        }
        return failure;
    }

    /**
     * The error of a failed boot. More time helps only a boot that was still going when the clock ran out; one that
     * ended (qemu exited, a panic, init gave up) says why in the console or in qemu's words, so the fix points there.
     */
    private BootFailure failed(String name, String failure, VmRuntime rt, Duration timeout, boolean ended) {
        String qemuSaid = tailOf(store.qemuLog(name));
        String fix = Msg.get(VmText.BOOT_FIX_LOG, name) + (ended
                ? (qemuSaid.isBlank() ? "" : Msg.get(VmText.BOOT_FIX_QEMU_ABOVE))
                : Msg.get(VmText.BOOT_FIX_MORE_TIME, timeout.toSeconds()));
        if (failure.contains("no virtio disk with serial 'root'")) {   // init.sh's own words, from the console
            fix = Msg.get(VmText.BOOT_FIX_NO_VIRTIO);
        }
        return new BootFailure(new LabsException(Msg.get(VmText.BOOT_FAILED, name, failure),
                Msg.get(VmText.BOOT_CONSOLE_TAIL) + "\n" + indent(ConsoleLog.tail(rt.consoleLog(), 15))
                        + (qemuSaid.isBlank() ? "" : "\n  " + Msg.get(VmText.BOOT_QEMU_SAID) + "\n" + indent(qemuSaid)),
                fix, LabsException.EXIT_FAILED, null));
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
