package labs.lab.vmexit;

import java.util.Map;
import labs.vmm.ExitCounts;
import labs.vmm.Timing;

/**
 * One timed run: operations repetitions of something (a loop iteration, an exit, a page touch) took time.
 * A guest's time runs from its MARK exit to its DONE exit, so it includes one trip guest -> VMM -> guest
 * besides the operations; overhead is that trip, measured on its own, and is taken off.
 *
 * @param name       the case, e.g. "port-io-user"
 * @param where      where the timed code ran: "host", "guest CPL3", "guest CPL0"
 * @param exits      the exits the VMM saw, by kind (null on the host)
 * @param kvmStats   KVM's own counters that changed during the run (empty where KVM has no binary stats)
 */
public record Probe(String name, String where, long operations, Timing time, Timing overhead, ExitCounts exits,
                    Map<String, Long> kvmStats) {
    /** Wall-clock nanoseconds per operation, the measurement's own round trip taken off (never below 0). */
    public double nsPerOp() {
        return Math.max(0, time.wallNanos() - overhead.wallNanos()) / (double) operations;
    }

    /** CPU nanoseconds of the vCPU thread per operation, the round trip taken off (never below 0). */
    public double cpuNsPerOp() {
        return Math.max(0, time.cpuNanos() - overhead.cpuNanos()) / (double) operations;
    }
}
