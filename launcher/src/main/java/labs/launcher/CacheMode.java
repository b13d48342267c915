package labs.launcher;

/**
 * QEMU's disk cache mode. NONE bypasses the host page cache (O_DIRECT), so the guest measures the disk;
 * WRITEBACK lets the host cache absorb writes, which makes a guest look faster than the device.
 */
public enum CacheMode {
    NONE, WRITEBACK;

    public String qemuName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
