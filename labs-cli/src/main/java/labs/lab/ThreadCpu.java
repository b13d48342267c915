package labs.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import labs.fio.CpuBoundJob;

/** CPU time the host spent on some of its threads (a guest's vCPU threads), from /proc/TID/stat. */
final class ThreadCpu {
    private ThreadCpu() {}

    /** utime + stime of the threads, in clock ticks; a thread that is gone counts 0. */
    static long ticks(List<Long> tids) {
        long sum = 0;
        for (long tid : tids) {
            try {
                sum += CpuBoundJob.statTicks(Files.readString(Path.of("/proc", Long.toString(tid), "stat")));
            } catch (IOException | RuntimeException gone) {
                // ended: nothing more to count
            }
        }
        return sum;
    }
}
