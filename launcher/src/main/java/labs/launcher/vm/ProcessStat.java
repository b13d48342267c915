package labs.launcher.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads /proc/PID/stat, so a recorded pid is matched with its start time and a reused pid is not mistaken. */
public final class ProcessStat {
    private ProcessStat() {}

    /** Start time of the process in clock ticks after boot (field 22), empty when no such process (or a zombie). */
    public static Optional<Long> startTicks(long pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parses a stat line; the command name (field 2) may hold spaces and ')' so fields are counted after the last ')'. */
    static Optional<Long> parse(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state); field 22 is f[19].
        if (f.length < 20 || f[0].equals("Z") || f[0].equals("X")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(f[19]));
    }
}
