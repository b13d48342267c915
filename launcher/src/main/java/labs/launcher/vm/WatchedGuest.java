package labs.launcher.vm;

import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import labs.common.CommandRunner;
import labs.common.ExecResult;
import labs.common.LabsException;

/**
 * A guest whose every step is watched: while a command runs, its console is followed for lines saying the guest is
 * stuck ({@link ConsoleAlarm}: a task blocked on I/O, an I/O error, a panic), and the step has a deadline (the
 * timeout its caller derived from what it should take). Either one ends the step with the console's tail and the
 * fix, instead of waiting on a guest whose disk stopped completing requests (which once held io-compare for 14
 * minutes with nothing printed). The command itself runs on a worker thread, which is interrupted on the way
 * out: the agent then kills the command in the guest.
 */
public final class WatchedGuest implements CommandRunner {
    /** The agent's own limit is this much later, so that the watch always speaks first, with the console. */
    static final Duration AGENT_GRACE = Duration.ofSeconds(30);
    private static final long POLL_MS = 500;
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "guest-step");
        t.setDaemon(true);
        return t;
    });

    private final CommandRunner guest;
    private final Path console;
    private final String fix;

    /**
     * @param console the guest's console log (QEMU's file)
     * @param fix     what the user should do when the guest stalls (where the whole console is kept, what to try)
     */
    public WatchedGuest(CommandRunner guest, Path console, String fix) {
        this.guest = guest;
        this.console = console;
        this.fix = fix;
    }

    @Override
    public String side() { return guest.side(); }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws IOException, InterruptedException {
        ConsoleAlarm watch = new ConsoleAlarm(console);
        Future<ExecResult> step = WORKERS.submit(() -> guest.exec(argv, timeout.plus(AGENT_GRACE)));
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    return step.get(POLL_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // still running: look at the console and the clock
                }
                Optional<String> alarm = watch.poll();
                if (alarm.isPresent()) {
                    throw stalled(argv, Msg.get(LauncherText.WG_CONSOLE_SAYS, alarm.get()));
                }
                if (System.nanoTime() > deadline) {
                    throw stalled(argv, Msg.get(LauncherText.WG_PAST_DEADLINE, timeout.toSeconds()));
                }
            }
        } catch (ExecutionException e) {
            Optional<String> alarm = watch.poll();
            if (alarm.isPresent()) {
                throw stalled(argv, Msg.get(LauncherText.WG_CONSOLE_SAYS, alarm.get()));
            }
            throw rethrow(e.getCause());
        } finally {
            step.cancel(true);
        }
    }

    private LabsException stalled(List<String> argv, String detail) {
        String cmd = String.join(" ", argv);
        cmd = cmd.length() > 200 ? cmd.substring(0, 200) + " …" : cmd;
        return new LabsException(Msg.get(LauncherText.WG_STALLED, guest.side(), cmd, detail),
                Msg.get(VmText.BOOT_CONSOLE_TAIL) + "\n    " + ConsoleLog.tail(console, 15).replace("\n", "\n    "),
                fix, LabsException.EXIT_FAILED, null);
    }

    private static RuntimeException rethrow(Throwable c) throws IOException, InterruptedException {
        if (c instanceof IOException io) {
            throw io;
        }
        if (c instanceof InterruptedException ie) {
            throw ie;
        }
        if (c instanceof RuntimeException re) {
            throw re;
        }
        if (c instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(c);
    }
}
