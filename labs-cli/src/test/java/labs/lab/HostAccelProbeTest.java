package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.cpuinfo.KvmVerdict;
import labs.launcher.AccelProbe;
import org.junit.jupiter.api.Test;

/** The probe the command line gives the launcher says what vt-check and the book's egrep say on this machine. */
class HostAccelProbeTest {
    @Test
    void agreesWithTheBooksEgrepAndVtChecksVerdict() throws Exception {
        ExecResult grep = HostRunner.INSTANCE.exec(List.of("grep", "-cE", "^flags.*(vmx|svm)", "/proc/cpuinfo"),
                Duration.ofSeconds(10));
        int withHwVirt = Integer.parseInt(grep.stdout().strip());
        assertEquals(withHwVirt > 0, HostAccelProbe.INSTANCE.cpuHasHwVirt(), "grep counted " + withHwVirt);
        KvmVerdict v = KvmVerdict.ofThisMachine();
        assertEquals(new AccelProbe.Verdict(v.kvmUsable(), v.reason()), HostAccelProbe.INSTANCE.kvm());
    }
}
