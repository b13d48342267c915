package labs.fio.sysstat;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import labs.common.ResultFile;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Time series of CPU and disk samples as tidy CSV (one row per side x interval x CPU or device). */
public final class SysstatCsv {
    private SysstatCsv() {}

    public record Tagged<T>(String side, String phase, T sample) {}

    public static void writeCpu(Path file, Collection<Tagged<CpuSample>> rows) throws IOException {
        ResultFile.writeText(file, w -> writeCpuTo(w, rows));
    }

    private static void writeCpuTo(Writer w, Collection<Tagged<CpuSample>> rows) throws IOException {
        try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader("side", "phase", "interval", "elapsed_s",
                     "timestamp", "cpu", "usr_pct", "nice_pct", "sys_pct", "iowait_pct", "irq_pct", "soft_pct",
                     "steal_pct", "guest_pct", "gnice_pct", "idle_pct").get().print(w)) {
            for (Tagged<CpuSample> t : rows) {
                CpuSample c = t.sample();
                p.printRecord(t.side(), t.phase(), c.index(), f(c.elapsedSec()), c.timestamp(), c.cpu(), f(c.usr()),
                        f(c.nice()), f(c.sys()), f(c.iowait()), f(c.irq()), f(c.soft()), f(c.steal()), f(c.guest()),
                        f(c.gnice()), f(c.idle()));
            }
        }
    }

    public static void writeDisk(Path file, Collection<Tagged<DiskSample>> rows) throws IOException {
        ResultFile.writeText(file, w -> writeDiskTo(w, rows));
    }

    private static void writeDiskTo(Writer w, Collection<Tagged<DiskSample>> rows) throws IOException {
        try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader("side", "phase", "interval", "elapsed_s",
                     "timestamp", "device", "reads_per_s", "writes_per_s", "read_kib_per_s", "write_kib_per_s",
                     "r_await_ms", "w_await_ms", "queue_size", "util_pct").get().print(w)) {
            for (Tagged<DiskSample> t : rows) {
                DiskSample d = t.sample();
                p.printRecord(t.side(), t.phase(), d.index(), f(d.elapsedSec()), d.timestamp(), d.device(),
                        f(d.readsPerSec()), f(d.writesPerSec()), f(d.readKiBPerSec()), f(d.writeKiBPerSec()),
                        f(d.readAwaitMs()), f(d.writeAwaitMs()), f(d.queueSize()), f(d.utilPercent()));
            }
        }
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
