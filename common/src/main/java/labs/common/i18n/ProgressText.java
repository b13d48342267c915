package labs.common.i18n;

/** Progress lines of long work and warnings, as the terminal shows them. Keys of messages_en/messages_ja.properties ("progress.*"). */
public enum ProgressText implements Msg.Key {
    WARNING,
    RUNNING,
    DEFINING_GUEST_PINNED,
    SCHED_HOST_RUN,
    STARTING_GUEST,
    LOAD_PROGRAM_COPIED,
    SCHED_GUEST_RUN,
    DEFINING_IO_GUEST,
    HOST_CPU_JOB,
    DEFINING_STARTING_GUEST,
    GUEST_LOOPS,
    GUEST_CPU_JOB,
    RUN_INCOMPLETE,
    VMEXIT_WARMUP,
    VMEXIT_STEP0,
    VMEXIT_STEP1,
    VMEXIT_STEP2,
    VMEXIT_STEP3,
    VMEXIT_STEP4,
    MEASURE_LOCK_WAIT,
    MEASURE_LOCK_DONE,
    TEST_FILE_FILL,
    FIO_REPETITION,
    FIO_STEP,
    PAIR_STEP_HOST_FIRST,
    PAIR_STEP_GUEST_FIRST,
    BOOTING,
    READY,
    PINNED_SUFFIX,
    CREATING_DISK,
    CHECKING_IMAGE,
    CHECKING_IMAGE_SHORT,
    CLONE_FULL,
    CLONE_LINKED,
    CLONE_BASE_NOTE,
    KERNEL_DOWNLOAD,
    KERNEL_UNPACK,
    INITRAMFS,
    ROOT_DISK,
    KVM_RETRY_TCG,
    HOST_BUSY,
    HOST_BUSY_AFTER,
    HOST_LOAD,
    HOST_LOAD_OTHERS,
    CPU_ALL_BUSY,
    CPU_TRY_OTHER,
    CPU_ALREADY_BUSY;

    @Override
    public String group() {
        return "progress";
    }
}
