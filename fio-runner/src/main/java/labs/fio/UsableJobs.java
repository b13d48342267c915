package labs.fio;

import labs.common.i18n.FioText;
import labs.common.i18n.Msg;
import java.util.ArrayList;
import java.util.List;
import labs.common.Echo;

/**
 * The jobs of an imported fio output that are measurements. A job fio reports an error for (its "error" field,
 * an errno such as 5 for EIO) stopped early: its figures are not the workload's. A job with no I/O in the
 * direction that matters (no read/write section, or nothing transferred) has no figures at all. Both used to be
 * charted, the second as "0 IOPS"; so was a job with figures fio never writes (a negative IOPS or bandwidth,
 * in a file edited by hand). They are left out, each with a warning that says why.
 *
 * @param jobs     the jobs to chart
 * @param warnings one line per job left out
 */
public record UsableJobs(List<FioJobResult> jobs, List<String> warnings) {

    public static UsableJobs of(FioOutput out, String source) {
        List<FioJobResult> ok = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (FioJobResult j : out.jobs()) {
            String job = Msg.get(FioText.JOB_IN, Echo.of(source), Echo.of(j.jobname()));
            if (j.error() != 0) {
                warnings.add(Msg.get(FioText.LEFT_OUT_ERROR, job, j.error()));
            } else if (impossible(j) != null) {
                warnings.add(Msg.get(FioText.LEFT_OUT_IMPOSSIBLE, job, impossible(j)));
            } else if (!j.main().active()) {
                warnings.add(Msg.get(j.rw() == null || j.rw().reads() ? FioText.LEFT_OUT_NO_READS
                        : FioText.LEFT_OUT_NO_WRITES, job));
            } else {
                ok.add(j);
            }
        }
        return new UsableJobs(List.copyOf(ok), List.copyOf(warnings));
    }

    /** The first impossible figure of either direction, as "read.iops -5", or null. */
    private static String impossible(FioJobResult j) {
        String r = j.read().impossibleFigure();
        if (r != null) {
            return "read." + r;
        }
        String w = j.write().impossibleFigure();
        return w == null ? null : "write." + w;
    }
}
