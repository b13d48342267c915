package labs.lab;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import labs.common.CommandRunner;
import labs.common.ExecResult;

/**
 * What the guest's own kernel says it runs on: its boot log's "Hypervisor detected: KVM" (the KVM signature in CPUID
 * leaf 0x40000000, which QEMU gives only under KVM) or no such line (TCG hides itself). meta.json records it beside
 * the accelerator labs chose, so a run shows the guest's side of that fact too.
 */
final class GuestHypervisor {
    private static final Pattern LINE = Pattern.compile("Hypervisor detected: (\\S+)");

    private GuestHypervisor() {}

    /** "KVM" (or another name the kernel gives), "none detected", or "unknown (why)" when the log cannot be read. */
    static String of(CommandRunner guest) {
        try {
            ExecResult r = guest.exec(List.of("dmesg"), Duration.ofSeconds(20));
            return r.ok() ? fromLog(r.stdout()) : "unknown (dmesg exited " + r.exitCode() + ")";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    static String fromLog(String dmesg) {
        Matcher m = LINE.matcher(dmesg);
        return m.find() ? m.group(1) : "none detected";
    }
}
