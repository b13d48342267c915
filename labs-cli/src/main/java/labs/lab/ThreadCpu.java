package labs.lab;

import java.io.IOException;
import java.util.List;
import labs.fio.CpuBoundJob;
import labs.lab.sched.HostProc;

/**
 * CPU time the host spent on some of its threads (a guest's vCPU threads), from /proc/PID/task/TID/stat of the host
 * the guest runs on: this machine, or a remote libvirt host over ssh ({@link HostProc}).
 */
final class ThreadCpu {
    private ThreadCpu() {}

    /**
     * utime + stime of the threads of process pid (-1 when not known here), in clock ticks; a thread that is gone
     * counts 0.
     */
    static long ticks(HostProc host, long pid, List<Long> tids) throws InterruptedException {
        long sum = 0;
        for (long tid : tids) {
            try {
                sum += CpuBoundJob.statTicks(host.read(HostProc.threadStat(pid, tid)));
            } catch (IOException | RuntimeException gone) {
                // ended: nothing more to count
            }
        }
        return sum;
    }
}
