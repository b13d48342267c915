package labs.fio.sysstat;

import labs.common.i18n.FioText;
import labs.common.i18n.Msg;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import labs.common.CommandRunner;
import labs.common.ExecResult;
import labs.common.LabsException;

/**
 * A sysstat tool running in the background on one side while the workload runs. It ends by its own count (never
 * killed: SIGTERM leaves invalid JSON), and {@link #await} returns its output.
 */
public final class Collector {
    private final CommandRunner side;
    private final List<String> argv;
    private final CompletableFuture<ExecResult> result;

    private Collector(CommandRunner side, List<String> argv, CompletableFuture<ExecResult> result) {
        this.side = side;
        this.argv = argv;
        this.result = result;
    }

    public static Collector start(CommandRunner side, List<String> argv, Duration timeout) {
        CompletableFuture<ExecResult> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(side.exec(argv, timeout));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "collector-" + side.side() + "-" + argv.get(0));
        t.setDaemon(true);
        t.start();
        return new Collector(side, argv, f);
    }

    /** The tool's stdout (JSON); fails with the tool's own message if it failed. */
    public String await() throws InterruptedException {
        ExecResult r;
        try {
            r = result.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof LabsException le) {
                throw le;
            }
            throw LabsException.failed(Msg.get(FioText.TOOL_FAILED, argv.get(0), FioText.side(side.side())),
                    String.valueOf(c), c);
        }
        if (!r.ok()) {
            throw LabsException.failed(Msg.get(FioText.TOOL_FAILED_EXIT, String.join(" ", argv),
                    FioText.side(side.side()), r.exitCode()), r.tail(3), null);
        }
        return r.stdout();
    }
}
