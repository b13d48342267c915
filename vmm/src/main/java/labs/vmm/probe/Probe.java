package labs.vmm.probe;

import java.util.Map;
import labs.vmm.ExitCounts;

/**
 * One timed run: operations repetitions of something (a loop iteration, an exit, a page touch) took nanos.
 * A guest's time runs from its MARK exit to its DONE exit, so it includes one trip guest -> VMM -> guest
 * besides the operations; overheadNanos is that trip, measured on its own, and is taken off.
 *
 * @param name       the case, e.g. "port-io-user"
 * @param where      where the timed code ran: "host", "guest CPL3", "guest CPL0"
 * @param exits      the exits the VMM saw, by kind (null on the host)
 * @param kvmStats   KVM's own counters that changed during the run (empty where KVM has no binary stats)
 */
public record Probe(String name, String where, long operations, long nanos, long overheadNanos, ExitCounts exits,
                    Map<String, Long> kvmStats) {
    /** Nanoseconds per operation, the measurement's own round trip taken off (never below 0). */
    public double nsPerOp() {
        return Math.max(0, nanos - overheadNanos) / (double) operations;
    }
}
