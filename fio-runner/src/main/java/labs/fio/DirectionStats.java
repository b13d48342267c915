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
}
