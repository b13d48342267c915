package labs.fio;

import java.util.Map;

/**
 * One entry of fio's "jobs" array (one per job, or one per group with group_reporting).
 *
 * @param options the job's options with the "global options" merged under them (job wins)
 * @param error   fio's error number for the job (0 = fine)
 */
public record FioJobResult(String jobname, int error, Map<String, String> options, DirectionStats read,
                           DirectionStats write) {

    /** The access pattern from the options (rw or readwrite), or null when labs does not chart it. */
    public Rw rw() {
        String v = options.getOrDefault("rw", options.get("readwrite"));
        return v == null ? null : Rw.ofFio(v);
    }

    public int numjobs() {
        try {
            return Integer.parseInt(options.getOrDefault("numjobs", "1").trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** The direction that matters for this job's pattern (read for read patterns, else write). */
    public DirectionStats main() {
        Rw r = rw();
        if (r != null) {
            return r.reads() ? read : write;
        }
        return read.active() || !write.active() ? read : write;
    }
}
