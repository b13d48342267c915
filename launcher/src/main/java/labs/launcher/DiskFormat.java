package labs.launcher;

/** Format of a VM's data disk on the host. */
public enum DiskFormat {
    RAW, QCOW2;

    public String qemuName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
