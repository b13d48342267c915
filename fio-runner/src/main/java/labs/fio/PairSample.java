package labs.fio;

/**
 * One host/guest pair of runs of a job, measured back to back.
 *
 * @param first     the side that ran first in this pair ("host" or "guest": the order alternates, ABBA)
 * @param host      the host's figure (bytes/s for sequential jobs, IOPS for random ones)
 * @param guest     the guest's figure, same unit
 * @param hostMs    how long the host's run measured (fio's runtime, ramp excluded)
 * @param guestMs   the same for the guest's run
 */
public record PairSample(String workload, int numjobs, int pair, String first, double host, double guest,
                         long hostMs, long guestMs) {
    /** guest / host within this pair. */
    public double ratio() { return guest / host; }
}
