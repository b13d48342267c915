package labs.launcher.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The guest's serial console as QEMU writes it to a file: its tail for error messages, and panics named. */
public final class ConsoleLog {
    private static final int TAIL_BYTES = 64 * 1024;
    private static final Pattern PANIC = Pattern.compile("Kernel panic - not syncing:?([^\\r\\n]*)");
    /** What the guest's init prints before it powers off when it cannot go on (init.sh's fail). */
    private static final Pattern INIT_FAILED = Pattern.compile("LABS-INIT-FAILED: ([^\\r\\n]*)");

    private ConsoleLog() {}

    /** The last {@code lines} lines (console control characters removed), or a note when there is no output. */
    public static String tail(Path log, int lines) {
        String text = lastBytes(log, TAIL_BYTES).replace("\r", "").replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
        if (text.isBlank()) {
            return "(the console is empty: the kernel printed nothing)";
        }
        String[] all = text.strip().split("\n");
        return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    /** What the guest's init said when it gave up (no root disk, a module that would not load), else null. */
    public static String initFailure(Path log) {
        Matcher m = INIT_FAILED.matcher(lastBytes(log, TAIL_BYTES));
        return m.find() ? m.group(1).strip() : null;
    }

    /** "Kernel panic - not syncing: ..." when the guest kernel panicked, else null. */
    public static String panic(Path log) {
        Matcher m = PANIC.matcher(lastBytes(log, TAIL_BYTES));
        return m.find() ? m.group().strip() : null;
    }

    static String lastBytes(Path log, int max) {
        if (!Files.isRegularFile(log)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - max);
            byte[] buf = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
