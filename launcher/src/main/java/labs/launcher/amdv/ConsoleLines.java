package labs.launcher.amdv;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import labs.common.Progress;

/**
 * The emulated machine's console, a line at a time: its init's "labs-l1: ..." lines become progress (and a
 * "labs-l1: FAILED: CODE: ..." line the reason it stopped); every line goes to --debug and the last ones are kept
 * for the error message when the machine stops without an answer.
 */
final class ConsoleLines extends OutputStream {
    static final String PREFIX = "labs-l1: ";
    static final String FAILED = PREFIX + "FAILED: ";
    static final String RUNNING = PREFIX + "running the lab";
    private static final int KEPT = 25;

    private final Progress out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Deque<String> tail = new ArrayDeque<>();
    private String failure;
    private boolean running;

    ConsoleLines(Progress out) {
        this.out = out;
    }

    @Override
    public void write(int b) {
        if (b == '\n') {
            take(line.toString(StandardCharsets.UTF_8).replace("\r", ""));
            line.reset();
        } else {
            line.write(b);
        }
    }

    private void take(String l) {
        out.debug("amd-v machine console: %s", l);
        if (tail.size() == KEPT) {
            tail.removeFirst();
        }
        tail.addLast(l);
        if (l.startsWith(FAILED)) {
            failure = l.substring(FAILED.length());
        } else if (l.startsWith(PREFIX)) {
            running |= l.equals(RUNNING);
            out.progress("emulated AMD-V machine: %s", l.substring(PREFIX.length()));
        }
    }

    /** The init's "CODE: reason" when it gave up, else null. */
    String failure() { return failure; }

    /** True once the init started the lab. */
    boolean running() { return running; }

    String tail() { return String.join("\n", tail); }
}
