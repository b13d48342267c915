package labs.lab.sched;

/** What the host's CPU under the experiment does besides it: the book runs the experiment both ways. */
public enum HostCondition {
    /** Nothing of labs' own on that CPU. */
    IDLE("idle"),
    /** The book's inf-loop.py: labs' endless loop pinned to the CPU under the vCPU (or the host's processes). */
    LOOP("host-loop");

    /** As CSV files and meta.json write it. */
    public final String csvName;

    HostCondition(String csvName) {
        this.csvName = csvName;
    }
}
