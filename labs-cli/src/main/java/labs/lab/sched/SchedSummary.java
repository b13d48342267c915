package labs.lab.sched;

import java.util.ArrayList;
import java.util.List;

/**
 * What one run shows, in the book's terms: when the last process reached 100%, the longest time any process went
 * without finishing a step (someone else had the CPU: another process, or under the host loop the host itself),
 * and the share of the wall time that was not the processes' own work (N x STEPS steps of a calibrated ms).
 *
 * @param timeTo100Ms  the last step of the last process, in ms after the start
 * @param longestGapMs the longest time between two consecutive steps of one process
 * @param lostPct      100 x (1 - N x STEPS x 1 ms / timeTo100Ms), not below 0 (steps a little shorter than their
 *                     calibrated ms would otherwise show a negative loss)
 * @param medianStepMs the median time between consecutive steps of one process, all processes together
 * @param cpu          the CPU accounting of that run (guest %steal, the vCPU thread as the host sees it), or null
 */
public record SchedSummary(String side, HostCondition condition, int n, double timeTo100Ms, double longestGapMs,
                           double lostPct, double medianStepMs, CpuView cpu) {

    /** One run's summary; steps of 1 ms each, as the program calibrates them. */
    public static SchedSummary of(SchedRun run, CpuView cpu) {
        int steps = run.steps().size() / run.n();
        double last = 0, gap = 0;
        List<Double> intervals = new ArrayList<>();
        for (int p = 0; p < run.n(); p++) {
            List<SchedRun.Step> s = run.of(p);
            for (int i = 1; i < s.size(); i++) {
                double d = s.get(i).elapsedMs() - s.get(i - 1).elapsedMs();
                intervals.add(d);
                gap = Math.max(gap, d);
            }
            last = Math.max(last, s.get(s.size() - 1).elapsedMs());
        }
        double lost = last <= 0 ? 0 : Math.max(0, 100 * (1 - run.n() * steps / last));
        return new SchedSummary(run.side(), run.condition(), run.n(), last, gap, lost, median(intervals), cpu);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> s = values.stream().sorted().toList();
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }

    /**
     * The CPU accounting over one guest run. stealPct is the guest's own /proc/stat (time its vCPU was ready but
     * the host ran something else; null under TCG, which offers the guest no steal clock), vcpuUserPct and
     * vcpuGuestPct the host's /proc accounting of the vCPU thread (under KVM guest code counts as guest time, under
     * TCG QEMU translating it is user time), all as percent of the run's wall time, at the kernels' tick resolution
     * (10 ms: a 100 ms run is ±10 points).
     */
    public record CpuView(Double stealPct, double vcpuUserPct, double vcpuGuestPct) {}
}
