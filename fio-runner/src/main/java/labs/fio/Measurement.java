package labs.fio;

/**
 * One measured point of the experiment: a side (host or guest) ran a workload with numjobs processes, for the
 * repetition-th time. This is one row of the tidy CSV and one sample behind a bar of the charts.
 *
 * @param rawFile the fio JSON this came from, relative to the results folder (or as given on import)
 */
public record Measurement(String side, String workload, Rw rw, int numjobs, int repetition, long bs,
                          DirectionStats stats, int error, String rawFile) {

    public static Measurement of(String side, FioJobResult r, int repetition, String rawFile) {
        Rw rw = r.rw();
        String workload = rw != null ? rw.workload() : r.jobname();
        long bs = 0;
        String b = r.options().get("bs");
        if (b != null && b.matches("\\d+")) {
            bs = Long.parseLong(b);
        }
        return new Measurement(side, workload, rw, r.numjobs(), repetition, bs, r.main(), r.error(), rawFile);
    }

    /** The figure the book looks at: bandwidth (bytes/s) for sequential jobs, IOPS for random ones. */
    public double figure() {
        return rw != null && rw.sequential() ? stats.bwBytesPerSec() : stats.iops();
    }
}
