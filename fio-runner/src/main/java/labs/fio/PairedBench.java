package labs.fio;

import labs.common.i18n.FioText;
import labs.common.i18n.Msg;
import labs.common.i18n.ProgressText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import labs.common.LabsException;
import labs.stats.Estimate;
import labs.stats.StopRule;

/**
 * Host and guest runs of one job, paired and interleaved while the guest stays booted: pair k runs host then guest
 * when k is odd, guest then host when it is even (host, guest, guest, host, ...: ABBA), and its ratio guest/host is
 * taken within the pair. A drift of the host disk's own speed (1.2 to 1.8 GB/s a few minutes apart here) then
 * lands on both sides of a ratio alike instead of on one side of it. Pairs are added until the stop rule is met.
 */
public final class PairedBench {
    private final SideBench host;
    private final SideBench guest;
    private final StopRule rule;

    public PairedBench(SideBench host, SideBench guest, StopRule rule) {
        this.host = host;
        this.guest = guest;
        this.rule = rule;
    }

    /**
     * Pairs of hostJob and guestJob (the same job on each side's file) until the rule stops; every run is appended
     * to rows and every pair to pairs as soon as it is measured, so a failure keeps what was done.
     */
    public PairedFigure run(FioJob hostJob, FioJob guestJob, List<Measurement> rows, List<PairSample> pairs)
            throws IOException, InterruptedException {
        List<PairSample> mine = new ArrayList<>();
        StopRule.Verdict verdict = StopRule.Verdict.MORE;
        for (int k = 1; !verdict.done(); k++) {
            boolean hostFirst = k % 2 == 1;
            String step = labs.common.i18n.Msg.get(hostFirst ? ProgressText.PAIR_STEP_HOST_FIRST
                    : ProgressText.PAIR_STEP_GUEST_FIRST, k, rule.maxN());
            Measurement a = one(hostFirst ? host : guest, hostFirst ? hostJob : guestJob, k, step, rows);
            Measurement b = one(hostFirst ? guest : host, hostFirst ? guestJob : hostJob, k, step, rows);
            Measurement h = hostFirst ? a : b;
            Measurement g = hostFirst ? b : a;
            PairSample p = new PairSample(h.workload(), h.numjobs(), k, hostFirst ? "host" : "guest", h.figure(),
                    g.figure(), h.stats().runtimeMs(), g.stats().runtimeMs());
            mine.add(p);
            pairs.add(p);
            verdict = rule.check(Estimate.of(mine.stream().map(PairSample::ratio).toList()));
        }
        return PairedFigure.of(mine, verdict, rule);
    }

    private static Measurement one(SideBench side, FioJob job, int pair, String step, List<Measurement> rows)
            throws IOException, InterruptedException {
        List<Measurement> got = side.runOnce(job, pair, step, rows);
        if (got.size() != 1) {
            throw LabsException.failed(
                    Msg.get(FioText.RESULTS_NOT_ONE, got.size(), job.name(), FioText.side(side.side())),
                    Msg.get(FioText.RESULTS_NOT_ONE_WHY, "fio --group_reporting"), null);
        }
        return got.get(0);
    }
}
