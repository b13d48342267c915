package labs.launcher.vm;

/** virsh list's states, as far as a launcher without a daemon can know them. */
public enum VmState {
    /** qemu runs and the guest agent answered. */
    RUNNING("running"),
    /** qemu runs but the agent has not reported ready (booting, or the labs that started it died meanwhile). */
    BOOTING("booting"),
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

    public String label() { return label; }
}
