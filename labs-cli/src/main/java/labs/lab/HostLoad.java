package labs.lab;

import labs.common.i18n.ProgressText;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How busy the host is at one moment: its load average and the qemu and fio processes that are not this lab's
 * (another user's guest, a second lab, a forgotten fio), read from /proc. Recorded before and after a measuring
 * lab's measurements; the summary warns when either was busy.
 *
 * @param others "pid comm (uid N)" of each qemu-system-* or fio process outside this process's own tree
 */
record HostLoad(String at, double load1, double load5, double load15, int cpus, List<String> others) {
    /** Busy: a load average at or above half the CPUs, or another qemu/fio running. */
    static final double BUSY_LOAD_PER_CPU = 0.5;

    static HostLoad now() {
        double[] avg = loadAverage();
        return new HostLoad(OffsetDateTime.now().toString(), avg[0], avg[1], avg[2],
                Runtime.getRuntime().availableProcessors(), others(ProcessHandle.current().pid()));
    }

    boolean busy() {
        return load1 >= BUSY_LOAD_PER_CPU * cpus || !others.isEmpty();
    }

    /** "load 2.31 (2 CPUs), 3 other qemu/fio processes". */
    String describe() {
        return labs.common.i18n.Msg.get(ProgressText.HOST_LOAD, String.format(Locale.ROOT, "%.2f", load1), cpus,
                others.isEmpty() ? "" : labs.common.i18n.Msg.get(ProgressText.HOST_LOAD_OTHERS, String.join(", ", others)));
    }

    private static double[] loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
    }

    /** Processes named qemu-system-* or fio whose ancestry does not reach self. */
    private static List<String> others(long self) {
        Map<Long, Long> parent = new HashMap<>();
        Map<Long, String> named = new HashMap<>();
        Map<Long, String> uid = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .matches("\\d+"))) {
            for (Path p : procs) {
                long pid = Long.parseLong(p.getFileName().toString());
                try {
                    for (String line : Files.readAllLines(p.resolve("status"))) {
                        if (line.startsWith("PPid:")) {
                            parent.put(pid, Long.parseLong(line.substring(5).strip()));
                        } else if (line.startsWith("Uid:")) {
                            uid.put(pid, line.substring(4).strip().split("\\s+")[0]);
                        } else if (line.startsWith("Name:")) {
                            String comm = line.substring(5).strip();
                            if (comm.startsWith("qemu-system") || comm.equals("fio")) {
                                named.put(pid, comm);
                            }
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we read: not running any more
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        named.forEach((pid, comm) -> {
            if (!descends(pid, self, parent)) {
                out.add(pid + " " + comm + " (uid " + uid.getOrDefault(pid, "?") + ")");
            }
        });
        out.sort(null);
        return out;
    }

    private static boolean descends(long pid, long self, Map<Long, Long> parent) {
        for (int i = 0; i < 64 && pid > 1; i++) {
            if (pid == self) {
                return true;
            }
            pid = parent.getOrDefault(pid, 0L);
        }
        return false;
    }
}
