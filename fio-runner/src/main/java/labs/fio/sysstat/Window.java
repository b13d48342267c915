package labs.fio.sysstat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import labs.common.CommandRunner;

/**
 * sysstat on several sides at once (host and guest) for a fixed number of one-second intervals while a workload
 * runs: mpstat -P ALL and iostat -dx, each with a count so they end with complete JSON. The raw JSON is kept as
 * {@code <side>-<phase>-mpstat.json} / {@code -iostat.json}.
 */
public final class Window {
    private Window() {}

    /** What one window recorded, tagged with side and phase, ready for {@link SysstatCsv}. */
    public record Samples(List<SysstatCsv.Tagged<CpuSample>> cpu, List<SysstatCsv.Tagged<DiskSample>> disk) {}

    /**
     * @param seconds  intervals of one second; the workload should last about as long
     * @param withDisk also iostat (io-compare) or only mpstat (cpu-overhead)
     * @param workload runs on the calling thread while the collectors sample
     */
    public static <T> T during(String phase, List<CommandRunner> sides, int seconds, boolean withDisk, Path rawDir,
                               Samples into, Callable<T> workload) throws Exception {
        List<Collector> mp = new ArrayList<>();
        List<Collector> io = new ArrayList<>();
        Duration limit = Duration.ofSeconds(seconds + 60L);
        for (CommandRunner s : sides) {
            mp.add(Collector.start(s, SysstatTool.mpstat(1, seconds), limit));
            if (withDisk) {
                io.add(Collector.start(s, SysstatTool.iostat(1, seconds), limit));
            }
        }
        T result = workload.call();
        for (int i = 0; i < sides.size(); i++) {
            String side = sides.get(i).side();
            String mpName = side + "-" + phase + "-mpstat.json";
            String mpJson = mp.get(i).await();
            save(rawDir.resolve(mpName), mpJson);
            for (CpuSample c : SysstatJson.parseMpstat(mpJson, mpName, 1)) {
                into.cpu().add(new SysstatCsv.Tagged<>(side, phase, c));
            }
            if (withDisk) {
                String ioName = side + "-" + phase + "-iostat.json";
                String ioJson = io.get(i).await();
                save(rawDir.resolve(ioName), ioJson);
                for (DiskSample d : SysstatJson.parseIostat(ioJson, ioName, 1)) {
                    into.disk().add(new SysstatCsv.Tagged<>(side, phase, d));
                }
            }
        }
        return result;
    }

    private static void save(Path file, String text) throws IOException {
        labs.common.ResultFile.writeString(file, text);
    }
}
