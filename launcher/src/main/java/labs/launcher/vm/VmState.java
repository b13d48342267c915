package labs.launcher.vm;

/** virsh list's states, as far as a launcher without a daemon can know them (QMP query-status for a live qemu). */
public enum VmState {
    /** qemu runs the guest and the guest agent answered. */
    RUNNING("running"),
    /** qemu runs but the agent has not reported ready yet, and the labs that started it still waits for it. */
    BOOTING("booting"),
    /** The guest's vCPUs are stopped (QMP stop, virsh suspend, or a migration state): nothing runs in it. */
    PAUSED("paused"),
    /** Paused by QEMU because a disk access failed under a stop policy (ENOSPC on the host, by default). */
    IO_ERROR("io-error"),
    /** The guest kernel panicked or QEMU hit an internal error; qemu still exists. */
    CRASHED("crashed"),
    /** The guest powered off but qemu has not exited yet. */
    SHUTDOWN("shutdown"),
    /** qemu runs, but its starter is gone and the guest never reported ready within the boot time limit. */
    NOT_RESPONDING("not responding"),
    /** No qemu process for this VM. */
    SHUT_OFF("shut off"),
    /**
     * Undefined without --remove-all-storage: the folder with its disk (and maybe a base image linked clones read)
     * stays until `labs vm undefine NAME --remove-all-storage`.
     */
    STORAGE_ONLY("storage only"),
    /** definition.json cannot be read: it can still be destroyed and removed with undefine --remove-all-storage. */
    DAMAGED("damaged");

    private final String label;

    VmState(String label) { this.label = label; }

    /** The English word, as `vm list --json`, runtime files and scripts read it. */
    public String label() { return label; }

    /** The word a person reads, in the process's language (the list table, messages). */
    public String shown() {
        return labs.common.i18n.Msg.get(labs.common.i18n.VmText.valueOf("STATE_" + name()));
    }
}
