package labs.fio;

import labs.common.i18n.FioText;
import labs.common.i18n.Msg;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import labs.common.CommandRunner;
import labs.common.ExecResult;
import labs.common.LabsException;
import labs.common.ResultFile;

/**
 * Runs fio jobs on one side (the host as a child process, or the guest through its agent) with
 * {@code --output-format=json --output=FILE}, reads FILE back with {@code cat} on that same side (so host and guest
 * work alike), keeps the raw JSON in the results folder and returns the parsed output.
 */
public final class FioRunner {
    private final CommandRunner side;
    private final String fio;
    private final String workDir;
    private final Duration timeout;

    /**
     * @param fio     fio's path on that side ("fio" when it is on PATH)
     * @param workDir a folder on that side for fio's output files
     */
    public FioRunner(CommandRunner side, String fio, String workDir, Duration timeout) {
        this.side = side;
        this.fio = fio;
        this.workDir = workDir;
        this.timeout = timeout;
    }

    public String side() { return side.side(); }

    /** fio --version on that side, e.g. "fio-3.33". */
    public String version() throws IOException, InterruptedException {
        ExecResult r = side.exec(List.of(fio, "--version"), Duration.ofSeconds(30));
        if (!r.ok()) {
            throw LabsException.failed(Msg.get(FioText.VERSION_FAILED, "fio --version", FioText.side(side.side())),
                    r.tail(3), null);
        }
        return r.stdout().strip();
    }

    /**
     * Runs the job and saves fio's JSON as rawCopy.
     * A failing fio stops with fio's own words; what it wrote (if anything) is still kept as rawCopy.
     */
    public FioOutput run(FioJob job, Path rawCopy) throws IOException, InterruptedException {
        // a name of its own: the work folder may be the results folder itself
        String out = workDir + "/.fio-out-" + rawCopy.getFileName();
        List<String> argv = new ArrayList<>();
        argv.add(fio);
        argv.addAll(job.args(out));
        // Its own deadline (what the job should take, see FioDeadline), not only the caller's: a stalled disk must
        // not hold a lab for the caller's hour.
        Duration deadline = FioDeadline.of(job);
        ExecResult r = side.exec(argv, deadline.compareTo(timeout) < 0 ? deadline : timeout);
        ExecResult cat = side.exec(List.of("cat", out), Duration.ofSeconds(60));
        if (cat.ok()) {
            ResultFile.writeString(rawCopy, cat.stdout());
        }
        side.exec(List.of("rm", "-f", out), Duration.ofSeconds(30));
        if (!r.ok()) {
            String msg = (r.stderr() + "\n" + r.stdout()).strip();
            throw new LabsException(Msg.get(FioText.FAILED, FioText.side(side.side()), job.name(), r.exitCode()),
                    msg.isEmpty() ? Msg.get(FioText.PRINTED_NOTHING) : tail(msg, 6), fix(),
                    LabsException.EXIT_FAILED, null);
        }
        if (!cat.ok()) {
            throw LabsException.failed(Msg.get(FioText.OUTPUT_UNREADABLE, out, FioText.side(side.side())),
                    cat.tail(3), null);
        }
        FioOutput parsed = FioJsonParser.parse(cat.stdout(), rawCopy.toString());
        for (FioJobResult j : parsed.jobs()) {
            if (j.error() != 0) {
                throw new LabsException(Msg.get(FioText.REPORTED_ERROR, j.error(), FioText.side(side.side()),
                        j.jobname()), tail((r.stderr() + r.stdout()).strip(), 6), fix(),
                        LabsException.EXIT_FAILED, null);
            }
        }
        return parsed;
    }

    /** fio fails on its files (open, create, space): the folder it was given is what a person can change. */
    private String fix() {
        return Msg.get(FioText.WORK_DIR_FIX, workDir, FioText.side(side.side()));
    }

    private static String tail(String s, int lines) {
        String[] all = s.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
}
