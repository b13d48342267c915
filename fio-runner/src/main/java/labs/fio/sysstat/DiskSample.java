package labs.fio.sysstat;

/** One block device in one iostat -x interval (rates per second, await in ms, util in percent). */
public record DiskSample(int index, double elapsedSec, String timestamp, String device, double readsPerSec,
                         double writesPerSec, double readKiBPerSec, double writeKiBPerSec, double readAwaitMs,
                         double writeAwaitMs, double queueSize, double utilPercent) {
}
