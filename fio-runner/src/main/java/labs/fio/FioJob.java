package labs.fio;

import labs.common.i18n.FioText;
import labs.common.i18n.Msg;
import java.util.ArrayList;
import java.util.List;
import labs.common.LabsException;

/**
 * One fio job, typed. Sizes are bytes and are given to fio as plain integers: with fio's default kb_base=1024,
 * a suffix like "1GiB" means 10^9 bytes (fio's compatibility rule), so numbers avoid the ambiguity.
 *
 * @param name       the job's name (also fio's --name)
 * @param filename   the test file (absolute host path, or a path inside the guest), as is: {@link #args}
 *                   escapes it for fio
 * @param rw         the access pattern
 * @param bs         block size in bytes
 * @param size       bytes each job transfers (fio --size)
 * @param filesize   size of the file the I/O is spread over (fio --filesize)
 * @param numjobs    parallel processes
 * @param direct     O_DIRECT (bypass the page cache)
 * @param fsync      fsync after this many writes (0 = never)
 * @param iodepth    queue depth (1 for the synchronous psync engine the book uses)
 * @param ioengine   fio engine, null for fio's default (psync)
 * @param runtimeSec 0: the job ends when size is done; above 0: time-based, it runs exactly this many seconds
 *                   (looping over size), which is how sysstat can sample a workload of known length
 * @param groupReporting one summary for all numjobs processes (what the book reads)
 * @param rampMs     fio --ramp_time: run this long before counting (queues filled, caches and the guest's first
 *                   exits past), 0 for none
 */
public record FioJob(String name, String filename, Rw rw, long bs, long size, long filesize, int numjobs,
                     boolean direct, int fsync, int iodepth, String ioengine, int runtimeSec,
                     boolean groupReporting, int rampMs) {

    public static final long KIB = 1024;
    public static final long MIB = 1024 * KIB;
    public static final long GIB = 1024 * MIB;

    /** A job without a ramp. */
    public FioJob(String name, String filename, Rw rw, long bs, long size, long filesize, int numjobs,
                  boolean direct, int fsync, int iodepth, String ioengine, int runtimeSec, boolean groupReporting) {
        this(name, filename, rw, bs, size, filesize, numjobs, direct, fsync, iodepth, ioengine, runtimeSec,
                groupReporting, 0);
    }

    public FioJob {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw LabsException.usage(Msg.get(FioText.BAD_NAME, name), Msg.get(FioText.BAD_NAME_FIX));
        }
        if (bs <= 0 || size <= 0 || filesize <= 0 || numjobs <= 0 || iodepth <= 0 || fsync < 0 || runtimeSec < 0
                || rampMs < 0) {
            throw LabsException.usage(Msg.get(FioText.NOT_POSITIVE, name, bs, size, filesize, numjobs),
                    Msg.get(FioText.NOT_POSITIVE_FIX, "--size 128m"));
        }
        FioPath.filename(filename); // refused here, before anything runs, when fio could not be given it
        if (size > filesize || bs > size) {
            throw LabsException.usage(Msg.get(FioText.SIZES_ORDER, name, bs, size, filesize),
                    Msg.get(FioText.SIZES_ORDER_FIX));
        }
    }

    /** The book's sequential job: 1 MiB blocks, direct, fsync after every write, one process. */
    public static FioJob bookSequential(Rw rw, String filename, long filesize, long size) {
        return new FioJob(rw.workload(), filename, rw, MIB, size, filesize, 1, true, 1, 1, null, 0, true);
    }

    /** The book's random job: 4 KiB blocks, direct, numjobs processes, group reporting. */
    public static FioJob bookRandom(Rw rw, String filename, long filesize, long size, int numjobs) {
        return new FioJob(rw.workload(), filename, rw, 4 * KIB, size, filesize, numjobs, true, 0, 1, null, 0, true);
    }

    /** Writes the whole test file with data once (sparse files make reads look several times faster). */
    public static FioJob fill(String filename, long filesize) {
        return new FioJob("fill", filename, Rw.WRITE, MIB, filesize, filesize, 1, true, 0, 1, null, 0, true);
    }

    /** The same job, time-based for seconds (for a sysstat window of known length). */
    public FioJob timed(int seconds) {
        return new FioJob(name, filename, rw, bs, size, filesize, numjobs, direct, fsync, iodepth, ioengine, seconds,
                groupReporting, rampMs);
    }

    /**
     * The same job over the whole file, time-based for seconds after a ramp of rampMs: long enough to measure the
     * device rather than fio's start, whatever the rate (the book's 4 MiB random jobs lasted 35-231 ms here).
     */
    public FioJob timeBased(int seconds, int rampMillis) {
        return new FioJob(name, filename, rw, bs, filesize, filesize, numjobs, direct, fsync, iodepth, ioengine,
                seconds, groupReporting, rampMillis);
    }

    /** The same job on another file (the guest's test file instead of the host's). */
    public FioJob on(String file) {
        return new FioJob(name, file, rw, bs, size, filesize, numjobs, direct, fsync, iodepth, ioengine, runtimeSec,
                groupReporting, rampMs);
    }

    /** fio's arguments (without the program name), ending with the JSON output options. */
    public List<String> args(String outputFile) {
        List<String> a = new ArrayList<>();
        a.add("--name=" + name);
        a.add("--filename=" + FioPath.filename(filename));
        a.add("--readwrite=" + rw.fioName());
        a.add("--bs=" + bs);
        a.add("--size=" + size);
        a.add("--filesize=" + filesize);
        a.add("--numjobs=" + numjobs);
        a.add("--direct=" + (direct ? 1 : 0));
        if (fsync > 0) {
            a.add("--fsync=" + fsync);
        }
        if (iodepth != 1) {
            a.add("--iodepth=" + iodepth);
        }
        if (ioengine != null) {
            a.add("--ioengine=" + ioengine);
        }
        if (runtimeSec > 0) {
            a.add("--runtime=" + runtimeSec);
            a.add("--time_based");
        }
        if (rampMs > 0) {
            a.add("--ramp_time=" + rampMs + "ms");
        }
        if (groupReporting) {
            a.add("--group_reporting");
        }
        a.add("--output-format=json");
        a.add("--output=" + outputFile);
        return a;
    }
}
