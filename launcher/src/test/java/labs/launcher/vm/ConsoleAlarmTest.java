package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console lines that stop a guest step. The hung-task line is the one a full io-compare run's guest printed
 * every two minutes while it stood still (issue 10, 12b); the I/O error lines are Linux 6.1's wording.
 */
class ConsoleAlarmTest {
    @TempDir
    Path dir;

    @Test
    void hungTasksAndIoErrorsAreAlarms() {
        assertEquals(Optional.of("[  734.212345] INFO: task jbd2/vdb-8:86 blocked for more than 120 seconds."),
                ConsoleAlarm.first("[  734.212345] INFO: task jbd2/vdb-8:86 blocked for more than 120 seconds.\r\n"));
        String ioError = "[   12.5] I/O error, dev vdb, sector 2048 op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 2";
        assertEquals(Optional.of(ioError), ConsoleAlarm.first("labs-agent: ready\n" + ioError + "\n"));
        String ext4 = "EXT4-fs error (device vdb): ext4_journal_check_start:83: comm fio: Detected aborted journal";
        assertEquals(Optional.of(ext4), ConsoleAlarm.first(ext4));
        assertEquals(Optional.empty(), ConsoleAlarm.first("labs-agent: ready on /dev/vport2p1\nEXT4-fs (vdb): mounted "
                + "filesystem with ordered data mode. Quota mode: none.\n"));
    }

    @Test
    void onlyWhatIsPrintedAfterTheWatchBeganCounts() throws Exception {
        Path log = dir.resolve("console.log");
        Files.writeString(log, "INFO: task old:1 blocked for more than 120 seconds.\nlabs-agent: ready\n");
        ConsoleAlarm watch = new ConsoleAlarm(log);
        assertEquals(Optional.empty(), watch.poll(), "the boot's lines are not this step's");
        append(log, "INFO: task jbd2/vdb-8:86 blocked for more ");
        assertEquals(Optional.empty(), watch.poll(), "half a line waits for its end");
        append(log, "than 120 seconds.\n");
        assertEquals(Optional.of("INFO: task jbd2/vdb-8:86 blocked for more than 120 seconds."), watch.poll());
        assertEquals(Optional.empty(), watch.poll(), "reported once");
    }

    private static void append(Path log, String text) throws Exception {
        Files.write(log, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }
}
