package labs.common.i18n;

/**
 * fio-runner's errors: reading fio's and sysstat's JSON, a fio run or the CPU-bound job failing on a side, a fio
 * job's options refused. Keys of messages_en/messages_ja.properties ("fio.*"), in a block of their own at the end.
 */
public enum FioText implements Msg.Key {
    TOO_LARGE,
    TOO_LARGE_WHY,
    CANNOT_READ,
    BINARY,
    NOT_UTF8,
    NO_JSON,
    IT_BEGINS,
    NOT_JSON,
    NO_JOBS_ARRAY,
    NO_JOBS_ARRAY_WHY,
    NO_JOBS,
    NO_JOBS_WHY,
    VERSION_FAILED,
    FAILED,
    PRINTED_NOTHING,
    OUTPUT_UNREADABLE,
    REPORTED_ERROR,
    WORK_DIR_FIX,
    RESULTS_NOT_ONE,
    RESULTS_NOT_ONE_WHY,
    CPU_JOB_FAILED,
    CPU_JOB_UNEXPECTED,
    CPU_JOB_UNEXPECTED_WHY,
    BAD_NAME,
    BAD_NAME_FIX,
    NOT_POSITIVE,
    NOT_POSITIVE_FIX,
    SIZES_ORDER,
    SIZES_ORDER_FIX,
    FILE_NOT_ABSOLUTE,
    FILE_NONE,
    FILE_NOT_ABSOLUTE_FIX,
    FILE_NUL,
    FILE_NUL_FIX,
    SYSSTAT_NO_JSON,
    SYSSTAT_NOT_JSON,
    SYSSTAT_NO_STATISTICS,
    SYSSTAT_NO_STATISTICS_WHY,
    // why fio's JSON did not parse; a job left out of an import; a run too short to measure the disk
    AT_LINE,
    NAN_OR_INFINITY,
    NOT_PLAIN_JSON,
    JOB_IN,
    LEFT_OUT_ERROR,
    LEFT_OUT_IMPOSSIBLE,
    LEFT_OUT_NO_READS,
    LEFT_OUT_NO_WRITES,
    SHORT_RUN,
    // the page cache dropped or not before each fio run; figures whose repetitions spread widely
    CACHE_DROPPED,
    CACHE_NOT_DROPPED,
    PROC_SYS_READ_ONLY,
    ONLY_ROOT_DROPS,
    SPREAD,
    SPREAD_MORE,
    MEDIAN_NOTE,
    // a sysstat collector (mpstat, iostat) failing on a side
    TOOL_FAILED,
    TOOL_FAILED_EXIT;

    @Override
    public String group() {
        return "fio";
    }

    /**
     * The glossary's word for a side a command ran on ("host", "guest": ホスト, ゲスト in Japanese); any other side
     * (a VM's name) stays as it is.
     */
    public static String side(String side) {
        return switch (side) {
            case "host" -> Term.HOST.get();
            case "guest" -> Term.GUEST.get();
            default -> side;
        };
    }
}
