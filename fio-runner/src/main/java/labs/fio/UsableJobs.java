package labs.fio;

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
            String job = Echo.of(source) + ", job '" + Echo.of(j.jobname()) + "'";
            if (j.error() != 0) {
                warnings.add(job + ": fio reported error " + j.error() + " (an errno: the job stopped early); "
                        + "left out");
            } else if (impossible(j) != null) {
                warnings.add(job + ": " + impossible(j) + " is not a figure fio writes (fio measures no negative "
                        + "or infinite amounts); left out");
            } else if (!j.main().active()) {
                warnings.add(job + ": no I/O measured (no " + (j.rw() == null || j.rw().reads() ? "read" : "write")
                        + " figures in the file); left out");
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
