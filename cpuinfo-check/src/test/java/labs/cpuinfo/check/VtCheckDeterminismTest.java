package labs.cpuinfo.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import labs.cpuinfo.Fixtures;
import labs.cpuinfo.ReportText;
import labs.cpuinfo.VtCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two checks find evidence that firmware hides VT-x: the CPU check (a model known to have it, run in order) and the
 * firmware check (a "disabled by bios" kernel-log line, on its own thread, as vt-check runs it). Which one the
 * verdict quoted used to depend on which thread wrote last. The kernel log answers after a random pause of up to
 * 3 ms so that both orders of finishing happen over the runs; the report text must be the same every time.
 */
class VtCheckDeterminismTest {
    @TempDir
    java.nio.file.Path root;

    private static KernelLog slowLog() {
        return new KernelLog() {
            @Override
            public List<String> lines() {
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(3_000_000));
                return List.of("[    2.1] kvm: disabled by bios");
            }

            @Override
            public String unavailableReason() { return null; }
        };
    }

    private String reportText() {
        Host host = Host.of(root, true, Fixtures.cpuinfo("intel-vt-disabled"));
        Check slowCpu = (h, facts) -> {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(3_000_000));
            return new CpuCheck().run(h, facts);
        };
        // vt-check's own order: the CPU check in order, the firmware check on its own thread.
        VtCheck.Report r = VtCheck.of(List.of()).add(slowCpu, false).add(new FirmwareCheck(slowLog(), false), true)
                .run(host);
        return ReportText.body(r) + "\n" + ReportText.verdict(r);
    }

    @Test
    void theSameMachineGivesTheSameWordingEveryRun() {
        String first = reportText();
        assertTrue(first.contains("disabled in firmware"), first);
        for (int i = 0; i < 60; i++) {
            assertEquals(first, reportText(), "run " + i);
        }
        // The later check in the report's order decides the wording: the firmware check's kernel-log line.
        assertTrue(first.contains("maybe disabled in firmware (kernel log: [    2.1] kvm: disabled by bios)"), first);
    }
}
