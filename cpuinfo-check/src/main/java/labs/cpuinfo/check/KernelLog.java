package labs.cpuinfo.check;

import java.time.Duration;
import java.util.List;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.i18n.CheckText;
import labs.common.i18n.Msg;

/** The kernel's log (dmesg): where "kvm: disabled by bios" and "Hypervisor detected: KVM" are written. */
public interface KernelLog {
    /** The log's lines, or null when this user may not read it (dmesg_restrict=1 and not root). */
    List<String> lines();

    /** Why {@link #lines()} is null, for the SKIP line. */
    String unavailableReason();

    /** The live log through `dmesg`, read once however many checks ask. */
    static KernelLog dmesg() {
        return new KernelLog() {
            private List<String> lines;
            private String reason;
            private boolean done;

            @Override
            public synchronized List<String> lines() {
                if (!done) {
                    done = true;
                    try {
                        ExecResult r = HostRunner.INSTANCE.exec(List.of("dmesg"), Duration.ofSeconds(5));
                        if (r.ok()) {
                            lines = List.of(r.stdout().split("\n"));
                        } else {
                            String tail = r.tail(1).strip();
                            reason = tail.startsWith("dmesg:") ? tail : "dmesg: " + tail;
                        }
                    } catch (Exception e) {
                        reason = Msg.get(CheckText.LOG_DMESG_FAILED, e.getMessage());
                    }
                }
                return lines;
            }

            @Override
            public synchronized String unavailableReason() {
                lines();
                return reason;
            }
        };
    }

    /** A log from a file or a test. */
    static KernelLog of(List<String> lines) {
        return new KernelLog() {
            @Override
            public List<String> lines() { return lines; }

            @Override
            public String unavailableReason() { return lines == null ? Msg.get(CheckText.LOG_NOT_AVAILABLE) : null; }
        };
    }
}
