package labs.fio;

import labs.common.i18n.FioText;
import labs.common.i18n.Msg;
import java.util.Locale;
import labs.common.i18n.ProgressText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import labs.common.CommandRunner;
import labs.common.Progress;

/**
 * The book's storage protocol on one side (host or guest): write the test file's data, then for every repetition
 * and every job drop the page cache (when allowed) and run fio. Each result is added to a shared list as soon as it
 * is measured, so a failure later still leaves everything measured before it.
 */
public final class SideBench {
    private final CommandRunner side;
    private final FioRunner fio;
    private final Path rawDir;
    private final Progress out;
    private final List<String> notes = new ArrayList<>();
    private boolean dropNoted;

    /**
     * @param rawDir where fio's JSON outputs are kept (one file per run), in the results folder
     * @param out    where each step and each cache that could not be dropped is reported
     */
    public SideBench(CommandRunner side, FioRunner fio, Path rawDir, Progress out) {
        this.out = out;
        this.side = side;
        this.fio = fio;
        this.rawDir = rawDir;
    }

    /** Sentences for meta.json notes (e.g. caches that could not be dropped). */
    public List<String> notes() { return notes; }

    /** ホスト/ゲスト or host/guest: the glossary's word for this side. */
    private String sideWord() {
        return labs.common.i18n.Term.valueOf(side.side().toUpperCase(Locale.ROOT)).get();
    }

    public void fill(String testFile, long filesize) throws IOException, InterruptedException {
        out.progress(ProgressText.TEST_FILE_FILL, labs.common.i18n.Term.valueOf(side.side().toUpperCase(Locale.ROOT)).get(),
                filesize / FioJob.MIB);
        TestFile.fill(fio, testFile, filesize, rawDir.resolve(side.side() + "-fill.json"));
    }

    /** Runs every job repetitions times (repetition-major order) and appends one Measurement per run to sink. */
    public void measure(List<FioJob> jobs, int repetitions, List<Measurement> sink)
            throws IOException, InterruptedException {
        int total = jobs.size() * repetitions;
        int done = 0;
        for (int rep = 1; rep <= repetitions; rep++) {
            for (FioJob job : jobs) {
                dropCaches();
                done++;
                out.progress(ProgressText.FIO_REPETITION, sideWord(), job.name(), job.numjobs(),
                        rep, repetitions, done, total);
                String raw = side.side() + "-" + job.name() + "-nj" + job.numjobs() + "-r" + rep + ".json";
                FioOutput out = fio.run(job, rawDir.resolve(raw));
                String rel = rawDir.getFileName() + "/" + raw;
                for (FioJobResult r : out.jobs()) {
                    sink.add(Measurement.of(side.side(), r, rep, rel));
                }
            }
        }
    }

    /**
     * One run of job as the given pair's sample (the repetition column): the page cache dropped first (when
     * allowed), the result appended to sink and returned (one Measurement per fio job result; group reporting gives
     * one).
     */
    public List<Measurement> runOnce(FioJob job, int pair, String step, List<Measurement> sink)
            throws IOException, InterruptedException {
        dropCaches();
        out.progress(ProgressText.FIO_STEP, sideWord(), job.name(), job.numjobs(), step);
        String raw = side.side() + "-" + job.name() + "-nj" + job.numjobs() + "-p" + pair + ".json";
        FioOutput output = fio.run(job, rawDir.resolve(raw));
        String rel = rawDir.getFileName() + "/" + raw;
        List<Measurement> got = new ArrayList<>();
        for (FioJobResult r : output.jobs()) {
            got.add(Measurement.of(side.side(), r, pair, rel));
        }
        sink.addAll(got);
        return got;
    }

    public String side() { return side.side(); }

    private void dropCaches() throws IOException, InterruptedException {
        String why = TestFile.dropCaches(side);
        if (!dropNoted) {
            dropNoted = true;
            notes.add(why != null ? why : Msg.get(FioText.CACHE_DROPPED, FioText.side(side.side())));
            if (why != null) {
                out.warn("%s", why);
            }
        }
    }
}
