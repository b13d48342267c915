package labs.lab;

/**
 * What a lab does once a run is failing: keep what was measured and mark meta.json incomplete. Those saves can fail
 * for the same reason the run did (a full disk); the run's own error is still the one the user must read, so a
 * failed save is attached to it (shown with --debug) instead of replacing it.
 */
final class FailurePath {
    private FailurePath() {}

    interface Save {
        void run() throws Exception;
    }

    static void save(Throwable failing, Save save) {
        try {
            save.run();
        } catch (Exception e) {
            failing.addSuppressed(e);
        }
    }

    /** A phase of a lab, then what keeps its results: run when the phase ends, also when it fails. */
    static void thenKeep(Save phase, Save keep) throws Exception {
        try {
            phase.run();
        } catch (Exception | Error e) {
            save(e, keep);
            throw e;
        }
        keep.run();
    }
}
