package labs.common.i18n;

/** Summaries, report.txt and transcript headings: what a lab says about its run. Keys of messages_en/messages_ja.properties ("report.*"). */
public enum SummaryText implements Msg.Key {
    RESULTS,
    RESULTS_ARROW,
    CONDITIONS,
    CPU_WHILE_LOOPED,
    CPU_HOST_ROW,
    CPU_GUEST_ROW,
    CPU_FIXED_JOB,
    CPU_WALL,
    CPU_TCG_NOTE,
    IO_HEADLINE,
    IO_TCG_NOTE,
    IO_DONE,
    IO_UNSTABLE_FOOTNOTE,
    SCHED_HEADLINE,
    SCHED_COMPARE,
    SCHED_TCG_NOTE,
    VMEXIT_HEADLINE,
    VMEXIT_TIMES,
    VMEXIT_RESULTS,
    VTCHECK_SUMMARY,
    LC_TITLE,
    LC_STEP,
    LC_BOOK,
    LC_STEP_CREATE,
    LC_STEP_START,
    LC_STEP_LIST,
    LC_STEP_DUMPXML,
    LC_STEP_CLONE,
    LC_STEP_START_BOTH,
    LC_STEP_PROCESSES,
    LC_STEP_EXEC,
    LC_STEP_DESTROY,
    LC_STEP_UNDEFINE,
    LC_STEP_KEEP,
    LC_REMOVES,
    LC_KEPT,
    LC_CONDITIONS,
    LC_SUMMARY;

    @Override
    public String group() {
        return "report";
    }
}
