package labs.lab.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two real readings of /proc/stat 0.5 s apart on our CI machine while three builds ran (2026-11-30): both CPUs
 * were all but fully busy, which is what the lab warns about.
 */
class CpuBusyTest {
    static final List<String> BEFORE = List.of("cpu  1463256 4556 250843 477350 16839 0 9071 4020 597 0",
            "cpu0 761663 1580 114641 230961 3091 0 292 1976 358 0",
            "cpu1 701592 2975 136201 246388 13747 0 8779 2043 239 0", "intr 1 2 3");
    static final List<String> AFTER = List.of("cpu  1463342 4556 250859 477352 16840 0 9073 4020 597 0",
            "cpu0 761705 1580 114651 230962 3092 0 292 1976 358 0",
            "cpu1 701636 2975 136207 246389 13748 0 8780 2043 239 0", "intr 1 2 3");

    @Test
    void busyShareOfEachCpu() {
        double[] busy = CpuBusy.busy(CpuBusy.read(BEFORE), CpuBusy.read(AFTER));
        assertEquals(2, busy.length);
        // cpu0: 54 ticks, 2 of them idle or iowait; cpu1: 53 ticks, 2 idle or iowait
        assertEquals(100.0 * 52 / 54, busy[0], 1e-9);
        assertEquals(100.0 * 51 / 53, busy[1], 1e-9);
    }

    @Test
    void warnsOnlyAboveTheThresholdAndNamesAQuieterCpu() {
        assertEquals("host CPU 0 was already 96% busy before the run (other processes): the \"idle\" condition "
                + "is not idle, and its gaps are theirs; every CPU is busy: run it when the machine is quieter",
                CpuBusy.warning(new double[] {96.3, 96.2}, 0, 20).orElseThrow());
        assertTrue(CpuBusy.warning(new double[] {90, 3}, 0, 20).orElseThrow()
                .endsWith("CPU 1 was 3% busy: try --cpu 1"));
        assertTrue(CpuBusy.warning(new double[] {12, 3}, 0, 20).isEmpty());
    }
}
