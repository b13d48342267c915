package labs.lab.vmexit;

import java.util.ArrayList;
import java.util.List;

/** All repetitions of the lab's probes, and their medians (timings here are noisy: medians, never single runs). */
public final class ProbeTable {
    private final List<ProbeCsv.Row> rows = new ArrayList<>();

    public Probe add(int step, int rep, Probe p) {
        rows.add(new ProbeCsv.Row(step, rep, p));
        return p;
    }

    public List<ProbeCsv.Row> rows() { return List.copyOf(rows); }

    /** Median ns per operation of every repetition of case name run where; NaN when there is none. */
    public double medianNsPerOp(String name, String where) {
        return medianNsPerOp(0, name, where);
    }

    /** The same, only for the repetitions of lab step (0: any step). */
    public double medianNsPerOp(int step, String name, String where) {
        return median(step, name, where, Probe::nsPerOp);
    }

    /** Median CPU ns of the vCPU thread (or the host thread) per operation. */
    public double medianCpuNsPerOp(String name, String where) {
        return median(0, name, where, Probe::cpuNsPerOp);
    }

    private double median(int step, String name, String where, java.util.function.ToDoubleFunction<Probe> f) {
        double[] v = rows.stream().filter(r -> step == 0 || r.step() == step).map(ProbeCsv.Row::probe)
                .filter(p -> p.name().equals(name) && p.where().equals(where))
                .mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The last repetition of a case (for exit counts and KVM counters, which do not vary between runs). */
    public Probe last(String name, String where) {
        Probe last = null;
        for (ProbeCsv.Row r : rows) {
            if (r.probe().name().equals(name) && r.probe().where().equals(where)) {
                last = r.probe();
            }
        }
        return last;
    }
}
