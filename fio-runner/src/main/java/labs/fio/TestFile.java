package labs.fio;

import labs.common.i18n.FioText;
import labs.common.i18n.Msg;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.CommandRunner;
import labs.common.ExecResult;
import labs.common.HostRunner;

/**
 * The file the jobs read and write. Its data is written once before measuring, on each side (reading the holes of a
 * sparse file measured 7x the real IOPS here), and caches are dropped between runs when that is allowed.
 */
public final class TestFile {
    private TestFile() {}

    /** Fills the file with data through fio itself (sequential direct writes of the whole file). */
    public static void fill(FioRunner fio, String path, long filesize, Path rawCopy)
            throws IOException, InterruptedException {
        fio.run(FioJob.fill(path, filesize), rawCopy);
    }

    /**
     * sync, then echo 3 > /proc/sys/vm/drop_caches. Needs root (and, in a container, a writable /proc/sys).
     * The shell line is a constant, not built from input.
     *
     * @return null when dropped, else why not (for meta.json notes)
     */
    public static String dropCaches(CommandRunner side) throws IOException, InterruptedException {
        ExecResult r = side.exec(List.of("sh", "-c", "sync && echo 3 > /proc/sys/vm/drop_caches"),
                Duration.ofSeconds(60));
        if (r.ok()) {
            return null;
        }
        String why = r.tail(1).strip();
        if (why.contains("Read-only")) {
            why = Msg.get(FioText.PROC_SYS_READ_ONLY, "/proc/sys");
        } else if (why.contains("Permission denied") && side instanceof HostRunner && !HostRunner.isRoot()) {
            why = Msg.get(FioText.ONLY_ROOT_DROPS);
        }
        return Msg.get(FioText.CACHE_NOT_DROPPED, FioText.side(side.side()), why);
    }
}
