package labs.fio.sysstat;

/**
 * One CPU's utilisation in one mpstat interval, in percent. On a host running a guest, {@code guest} is the time
 * the CPU ran guest code; inside a guest, {@code steal} is the time its vCPU wanted to run and the host did not.
 *
 * @param index     interval number from 0
 * @param elapsedSec end of the interval, seconds after the collector started
 * @param cpu       "all" or the CPU number
 */
public record CpuSample(int index, double elapsedSec, String timestamp, String cpu, double usr, double nice,
                        double sys, double iowait, double irq, double soft, double steal, double guest, double gnice,
                        double idle) {
}
