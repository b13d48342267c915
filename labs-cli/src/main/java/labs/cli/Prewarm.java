package labs.cli;

import java.util.List;
import labs.common.ExecResult;
import labs.common.Json;
import labs.common.RunMeta;

/**
 * Start-up work that can overlap picocli's parsing (~0.1-0.2 s of annotation reflection): class loading and
 * initialisation that a command is certain to need, on a daemon thread, with no side effect a user could see.
 * Every `run LAB` saves meta.json through Jackson; vt-check also loads JNA for the KVM API. On a 2-core machine
 * this hides most of Jackson's and JNA's ~0.1 s each behind picocli; it costs nothing when a command fails early.
 */
final class Prewarm {
    private Prewarm() {}

    static void start(String[] args) {
        List<String> a = List.of(args);
        if (!a.contains("run") || a.contains("--help") || a.contains("-h")) {
            return;
        }
        boolean vtCheck = a.contains("vt-check");
        Thread t = new Thread(() -> {
            try {
                Json.MAPPER.writeValueAsBytes(new RunMeta("prewarm"));
                Json.MAPPER.writeValueAsBytes(new ExecResult(List.of(), 0, "", ""));
                if (vtCheck) {
                    labs.vmm.kvm.LibC.INSTANCE.getClass();
                }
            } catch (Throwable e) {
                // Only a head start: the command itself loads the same classes and reports real failures.
            }
        }, "prewarm");
        t.setDaemon(true);
        t.start();
    }
}
