package labs.common.i18n;

/**
 * What the labs themselves refuse or report outside their summaries: their options' checks with the fixes, and a
 * lab's own failures. Keys of messages_en/messages_ja.properties ("lab.*"), in a block of their own at the end.
 */
public enum LabText implements Msg.Key {
    NOT_A_CPU,
    OUT_OF_RANGE,
    GIVE,
    CHOOSE,
    GIVE_EXAMPLE,
    REPEAT_FIX,
    MAX_PAIRS_FIX,
    FILESIZE_RANGE,
    FILESIZE_FIX,
    NOT_ABSOLUTE,
    FOR_EXAMPLE,
    LC_NAME_TAKEN,
    LC_NAME_TAKEN_FIX,
    PAGES_TOO_MANY,
    PAGES_FIX,
    TINY_GUEST_DID_NOT_RUN,
    // the measuring lock, a lab's guest left, vt-check's sysroot copy
    ML_BUSY,
    ML_BUSY_FIX,
    ML_CANNOT_LOCK,
    ML_CANNOT_CREATE,
    ML_IS_LINK,
    ML_CANNOT_OPEN,
    ML_FLICKERS,
    ML_REFUSE_WHY,
    ML_REFUSE_FIX,
    GUEST_NOT_REMOVED,
    SYSROOT_CANNOT_SAVE,
    SYSROOT_CANNOT_SAVE_FIX,
    // a lab in the emulated AMD-V machine (--amd-v-machine)
    AMDV_ALREADY_INSIDE,
    AMDV_ALREADY_INSIDE_FIX,
    AMDV_JVM_CRASHED,
    AMDV_GUEST_LOST,
    AMDV_ONCE_MORE,
    AMDV_BOOTING,
    AMDV_ONE_THREAD,
    AMDV_STOPPED,
    AMDV_NO_MEMORY,
    AMDV_NO_MEMORY_WHY,
    AMDV_NO_MEMORY_FIX,
    AMDV_REMOVING_LEFT,
    // sched-virt: its host half over ssh, its load program, its host loop
    RH_NO_SSH,
    RH_NO_SSH_FIX,
    RH_MISSING,
    RH_MISSING_FIX,
    RH_NOT_A_CPU,
    RL_CANNOT_START,
    RL_EXIT_STATUS,
    RL_NO_ANSWER,
    RL_CANNOT_START_FIX,
    LI_NOT_EXECUTABLE,
    LI_NOT_EXECUTABLE_FIX,
    LI_COPY_SLOW,
    LI_COPY_SLOW_WHY,
    LI_COPY_FAILED,
    HL_ENDED,
    HL_ENDED_WHY,
    CT_CANNOT_READ,
    // sched-virt's load program failing or printing what it does not print, a /proc/stat line; --results empty
    LOAD_FAILED,
    LOAD_FAILED_WHY,
    LOAD_BAD_OUTPUT,
    LOAD_OUTPUT_BEGAN,
    LOAD_EXPECTED_STEPS,
    LOAD_STEP_NOT_OURS,
    STAT_LINE_UNEXPECTED,
    STAT_LINE_UNEXPECTED_WHY,
    RESULTS_EMPTY,
    RESULTS_NOT_A_NAME,
    // what to do when a lab's guest stalls
    WATCHED_FIX,
    WATCHED_FIX_TRY,
    WATCHED_TRY_WRITEBACK,
    // a line of the load program's output that it does not print
    LOAD_UNKNOWN_LINE;

    @Override
    public String group() {
        return "lab";
    }
}
