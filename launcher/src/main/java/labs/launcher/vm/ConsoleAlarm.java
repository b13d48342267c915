package labs.launcher.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Follows a guest's console log from where it stood when the watch began and reports the first line that says the
 * guest is stuck: a task blocked on I/O (the kernel's hung-task detector, after 120 s), an I/O error of a disk or
 * its file system, a panic. Those lines are printed even with {@code quiet} (they are KERN_ERR or worse).
 */
public final class ConsoleAlarm {
    static final List<Pattern> ALARMS = List.of(
            Pattern.compile("INFO: task \\S+ blocked for more than \\d+ seconds"),
            Pattern.compile("I/O error, dev \\S+"),
            Pattern.compile("Buffer I/O error on dev"),
            Pattern.compile("EXT4-fs error"),
            Pattern.compile("Aborting journal on device"),
            Pattern.compile("Kernel panic - not syncing"));
    /** Bytes read per poll at most: a guest that floods its console is still watched at its latest output. */
    private static final int MAX_READ = 256 * 1024;

    private final Path log;
    private long offset;
    private String carry = "";

    /** Starts at the log's current end: what the guest printed before (its boot) is not this step's business. */
    public ConsoleAlarm(Path log) {
        this.log = log;
        this.offset = size(log);
    }

    /** The first alarming line printed since the last poll, else empty. */
    public Optional<String> poll() {
        long end = size(log);
        if (end < offset) {
            offset = 0;   // the log was started afresh (a new boot)
        }
        if (end == offset) {
            return Optional.empty();
        }
        long from = Math.max(offset, end - MAX_READ);
        String text = carry + read(from, end);
        offset = end;
        int cut = text.lastIndexOf('\n');
        carry = cut < 0 ? text : text.substring(cut + 1);
        if (carry.length() > 4096) {
            carry = carry.substring(carry.length() - 4096);
        }
        return first(cut < 0 ? "" : text.substring(0, cut));
    }

    /** The first line of text that matches an alarm, stripped of console control characters. */
    static Optional<String> first(String text) {
        for (String line : text.split("\n")) {
            for (Pattern p : ALARMS) {
                if (p.matcher(line).find()) {
                    return Optional.of(line.replace("\r", "").strip());
                }
            }
        }
        return Optional.empty();
    }

    private String read(long from, long end) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            byte[] buf = new byte[(int) (end - from)];
            f.seek(from);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static long size(Path log) {
        try {
            return Files.isRegularFile(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
