package labs.fio.sysstat;

import java.util.List;

/** The sysstat commands labs runs, always with a count so they end by themselves with complete JSON. */
public final class SysstatTool {
    private SysstatTool() {}

    /** Every CPU, every interval: {@code mpstat -P ALL -o JSON INTERVAL COUNT}. */
    public static List<String> mpstat(int intervalSec, int count) {
        check(intervalSec, count);
        return List.of("mpstat", "-P", "ALL", "-o", "JSON", Integer.toString(intervalSec), Integer.toString(count));
    }

    /** Extended device statistics with timestamps, skipping the since-boot report: {@code iostat -t -y -dx -o JSON}. */
    public static List<String> iostat(int intervalSec, int count) {
        check(intervalSec, count);
        return List.of("iostat", "-t", "-y", "-dx", "-o", "JSON", Integer.toString(intervalSec),
                Integer.toString(count));
    }

    private static void check(int interval, int count) {
        if (interval <= 0 || count <= 0) {
            throw new IllegalArgumentException("interval and count must be positive");
        }
    }
}
