package labs.fio;

/**
 * One direction (read or write) of one fio job result, in base units.
 *
 * @param ioBytes      bytes transferred
 * @param bwBytesPerSec bandwidth (fio's bw_bytes; bw_mean is 0 for runs under ~0.5 s so it is not used)
 * @param iops         I/O operations per second
 * @param runtimeMs    time the direction ran
 * @param clatMeanNs   mean completion latency
 * @param clatP50Ns    median completion latency (NaN when fio reported no percentiles)
 * @param clatP99Ns    99th percentile completion latency (NaN when absent)
 * @param totalIos     completed I/Os
 */
public record DirectionStats(long ioBytes, double bwBytesPerSec, double iops, long runtimeMs, double clatMeanNs,
                             double clatP50Ns, double clatP99Ns, long totalIos) {
    public static final DirectionStats EMPTY = new DirectionStats(0, 0, 0, 0, 0, Double.NaN, Double.NaN, 0);

    public boolean active() { return ioBytes > 0 || totalIos > 0; }

    /**
     * The first figure fio could not have written (negative, or infinite), as "iops -5", or null when all can be
     * measurements. Percentiles may be NaN: fio leaves them out of short runs.
     */
    public String impossibleFigure() {
        String[] names = {"io_bytes", "bw", "iops", "runtime", "clat mean", "clat p50", "clat p99", "total_ios"};
        double[] values = {ioBytes, bwBytesPerSec, iops, runtimeMs, clatMeanNs, clatP50Ns, clatP99Ns, totalIos};
        for (int i = 0; i < values.length; i++) {
            boolean missingPercentile = i >= 5 && i <= 6 && Double.isNaN(values[i]);
            if (!missingPercentile && (values[i] < 0 || Double.isNaN(values[i]) || Double.isInfinite(values[i]))) {
                return names[i] + " " + (values[i] == Math.rint(values[i]) && !Double.isInfinite(values[i])
                        ? Long.toString((long) values[i]) : Double.toString(values[i]));
            }
        }
        return null;
    }
}
