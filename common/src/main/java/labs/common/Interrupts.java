package labs.common;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C and kill, said as such. A shutdown hook cannot tell which signal (if any) ended the JVM, so a handler per
 * signal (sun.misc.Signal, from jdk.unsupported: Java has no other way) records its name and then does what the
 * JVM would have done (run the shutdown hooks, exit 128+N). A lab that fails because of it then reports
 * "interrupted (SIGINT)" in its message and meta.json, not the side effect it saw first (its guest's agent
 * connection ending as the exit hook stopped the guest, a boot that "did not finish").
 * <p>
 * The exit hook here also interrupts the main thread, so that a lab blocked in a long step (a host fio run, a
 * guest command) unwinds through its failure path at once, and waits a bounded time for it to finish.
 */
public final class Interrupts {
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");
    /** Longer than the launcher's exit hook needs to stop a guest and remove a lab's VM. */
    private static final long LAB_WAIT_SECONDS = 30;
    /**
     * Any other command: long enough to print its own last line, short because its main thread may sit in a read
     * that an interrupt does not end (a y/N prompt on the terminal), and Ctrl-C must not feel ignored.
     */
    private static final long COMMAND_WAIT_MILLIS = 1500;
    private static volatile boolean labRunning;
    private static volatile String received;
    private static volatile int receivedNumber;
    private static volatile Thread mainThread;
    private static final CountDownLatch MAIN_DONE = new CountDownLatch(1);
    private static final AtomicBoolean REPORTED = new AtomicBoolean();

    private Interrupts() {}

    /** Called once by the CLI's main thread, first thing. */
    public static void install() {
        mainThread = Thread.currentThread();
        for (String name : SIGNALS) {
            try {
                Signal sig = new Signal(name);
                SignalHandler[] previous = new SignalHandler[1];
                previous[0] = Signal.handle(sig, s -> {
                    receivedNumber = s.getNumber();
                    received = "SIG" + s.getName();
                    SignalHandler p = previous[0];
                    if (p != null && p != SignalHandler.SIG_DFL && p != SignalHandler.SIG_IGN) {
                        p.handle(s);   // the JVM's own handler: shutdown hooks, then exit 128+N
                    } else {
                        Runtime.getRuntime().exit(128 + s.getNumber());
                    }
                });
                if (previous[0] == SignalHandler.SIG_IGN) {
                    Signal.handle(sig, SignalHandler.SIG_IGN);   // nohup: ignored it stays
                }
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // -Xrs or a platform without it: the JVM's default handling stays, without the name
            }
        }
        Thread hook = new Thread(Interrupts::onExit, "labs-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** "SIGINT", "SIGTERM" or "SIGHUP" once such a signal came, else null. */
    public static String signal() {
        return received;
    }

    /** The exit status a shell gives a command the signal ended: 128 + its number (130 for SIGINT). */
    public static int exitCode() {
        return 128 + receivedNumber;
    }

    /** "interrupted (SIGINT)", or null when no signal came. */
    public static String interruptedText() {
        String s = received;
        return s == null ? null : "interrupted (" + s + ")";
    }

    /**
     * What a lab records as its error: "interrupted (SIGINT)" when a signal stopped it (whatever exception that
     * caused on the way), else the exception's message. Once interrupted, it also clears this thread's interrupt
     * flag: the interrupt only served to unwind the lab, whose failure path must now write its files undisturbed.
     */
    public static String describe(Throwable e) {
        String s = interruptedText();
        if (s == null) {
            return e.getMessage();
        }
        Thread.interrupted();
        return s;
    }

    /**
     * A lab runs from here on: on a signal, the exit waits (bounded) for it to unwind through its failure path,
     * which records the interruption in its meta.json and keeps what it measured.
     */
    public static void labRunning() {
        labRunning = true;
    }

    /** The CLI's main thread has printed its last line: the exit may go on. */
    public static void mainDone() {
        MAIN_DONE.countDown();
    }

    /** Prints "labs: interrupted (SIGINT)" once, whoever gets there first (the main thread or the exit hook). */
    public static boolean reportOnce(PrintStream err) {
        String s = interruptedText();
        if (s == null || !REPORTED.compareAndSet(false, true)) {
            return false;
        }
        err.println("labs: " + s);
        err.flush();
        return true;
    }

    private static void onExit() {
        if (received == null) {
            return;
        }
        Thread main = mainThread;
        if (main != null) {
            main.interrupt();
        }
        try {
            MAIN_DONE.await(labRunning ? LAB_WAIT_SECONDS * 1000 : COMMAND_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reportOnce(System.err);
    }
}
