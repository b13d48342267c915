package labs.common.i18n;

/**
 * The words labs handout adds around a notebook's own text (headings, the conditions table, why a file is not shown):
 * keys of messages_en/messages_ja.properties ("handout.*"). A handout's language is chosen apart from the process's
 * (--lang of the command), so these are read with {@link Msg#in}.
 */
public enum HandoutText implements Msg.Key {
    YOUR_RUN,
    FROM_RUN,
    CONDITIONS,
    MEASUREMENTS,
    CHARTS,
    NOTES,
    LAB,
    STARTED,
    COMPLETE,
    INCOMPLETE,
    ACCELERATOR,
    PROTOCOL,
    QUICK,
    REPETITIONS,
    CACHE,
    MACHINE,
    VERSIONS,
    TIME_KIND,
    TEST_FILE,
    DISK,
    HOST_LOAD,
    LOAD_BEFORE,
    LOAD_AFTER,
    ALSO_RUNNING,
    LABS_VERSION,
    YES,
    NO,
    MEDIAN,
    MEAN,
    ROWS_LEFT_OUT,
    LAST_LINES,
    MORE_NOTES,
    NONE_RECORDED,
    FILE_MISSING,
    NOT_A_FILE,
    TOO_LARGE,
    NOT_PNG,
    TOO_MANY_PIXELS,
    CHARTS_IN_OTHER_LANGUAGE,
    RUN_STOPPED;

    /** The word in the handout's language. */
    public String in(Language language) {
        return Msg.in(language, this);
    }

    @Override
    public String group() {
        return "handout";
    }
}
