package labs.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import labs.charts.Lang;
import labs.common.Interrupts;
import labs.common.ResultsDir;
import labs.common.RunMeta;
import labs.common.Ui;
import labs.cpuinfo.HostFingerprint;
import labs.launcher.LabEngine;

/**
 * What every lab run shares, so that a lab's class holds only its protocol (options, what it measures, what it
 * reports): the results folder DIR/&lt;lab&gt;/&lt;timestamp&gt;/ with its meta.json, saved at once and incomplete
 * until {@link #complete()}; the guests the lab defines for itself ({@link #guest}), removed when the measurements
 * end whatever happened, newest first (a linked clone before the base it reads); and the failure path: a step that
 * fails, or Ctrl-C and kill (the exit hook interrupts the lab's thread, see {@link Interrupts}), leaves meta.json
 * incomplete with the error ("interrupted (SIGINT)" for a signal), keeps what was measured and goes on up to the CLI,
 * which reports it with its exit code.
 */
final class LabRun {
    /** The lab's protocol, or one phase of it. */
    interface Steps<T> {
        T run() throws Exception;
    }

    final ResultsDir dir;
    final RunMeta meta;
    /** Where the lab's guests come from, or null for a lab without guests. */
    final LabEngine launcher;
    private final List<LabGuest> guests = new ArrayList<>();
    private final List<FailurePath.Save> keepOnFailure = new ArrayList<>();

    private LabRun(ResultsDir dir, RunMeta meta, LabEngine launcher) {
        this.dir = dir;
        this.meta = meta;
        this.launcher = launcher;
        BuildInfo.current().record(meta.versions);   // which labs made these figures, in every run's meta.json
        if (labs.common.EmulatedAmdV.inside()) {
            meta.notes.add(labs.common.EmulatedAmdV.CAVEAT);   // run with --amd-v-machine: KVM ran for real, emulated
        }
    }

    /** A run that reads its machine from elsewhere (vt-check's report names the host it checked). */
    static LabRun start(LabOptions options, String lab) {
        return new LabRun(options.newRun(lab), new RunMeta(lab), null);
    }

    /**
     * A run measured on this host, with guests from launcher (null for none): meta.json carries the host's
     * fingerprint, so the figures say later on which machine they were taken.
     */
    static LabRun onHost(LabOptions options, String lab, LabEngine launcher) {
        LabRun run = new LabRun(options.newRun(lab), new RunMeta(lab), launcher);
        run.meta.host = HostFingerprint.collect();
        LabConditions.recordEngine(run);
        return run;
    }

    Path path() {
        return dir.path();
    }

    /** raw/: every tool's own output, and the guest's console log. */
    Path raw() throws IOException {
        return Files.createDirectories(dir.file("raw"));
    }

    /** meta.json's "lang", as every lab that draws charts records it. */
    void recordLang(Lang language) {
        meta.options.put("lang", language.name().toLowerCase(Locale.ROOT));
    }

    /** Saves meta.json as it stands: the lab calls this after each thing worth knowing if the run stops there. */
    void save() {
        meta.save(dir);
    }

    /** A guest this run defines for itself: removed with its storage when the measurements end. */
    LabGuest guest(String name) {
        LabGuest g = new LabGuest(this, name);
        guests.add(g);
        return g;
    }

    /** What to write when the run fails (the tables measured so far), before meta.json. */
    void keepOnFailure(FailurePath.Save save) {
        keepOnFailure.add(save);
    }

    /** The lab's measurements, through the failure path; its guests are removed after them, whatever happened. */
    <T> T measure(Steps<T> protocol) throws Exception {
        try {
            return protocol.run();
        } catch (Exception | Error e) {
            failed(e);
            throw e;
        } finally {
            for (int i = guests.size() - 1; i >= 0; i--) {
                guests.get(i).close();
            }
        }
    }

    /** The run is complete: meta.json says so. */
    void complete() {
        meta.finish(true);
        save();
    }

    private void failed(Throwable e) {
        meta.error = Interrupts.describe(e);
        meta.finish(false);
        for (FailurePath.Save keep : keepOnFailure) {
            FailurePath.save(e, keep);
        }
        FailurePath.save(e, this::save);
        if (launcher != null || !keepOnFailure.isEmpty()) {   // minutes of measurements: say where they are
            Ui.warn(labs.common.i18n.ProgressText.RUN_INCOMPLETE, dir.path());
        }
    }
}
