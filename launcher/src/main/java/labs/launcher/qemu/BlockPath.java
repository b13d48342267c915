package labs.launcher.qemu;

import java.nio.file.Path;

/**
 * A host file as QEMU's block layer reads a file name: in {@code -drive file=}, in qemu-img's file arguments and
 * in the backing file name {@code qemu-img create -b} stores in a qcow2 header. The block layer takes a prefix up
 * to the first ':' as a protocol when no '/' comes before it ("nbd:x", "json:{...}", "file:x", "ssh:..."): a
 * relative "nbd:x" made qemu-img connect to NBD instead of opening the file (measured with qemu-img 7.2). An
 * absolute path starts with '/', so nothing in it is ever a protocol, whatever ':' it holds further on. Commas are
 * literal here; inside -drive the result still goes through {@link QemuOpts#value}.
 */
public final class BlockPath {
    private BlockPath() {}

    /** The absolute, normalized form of p: never read as a protocol or an option. */
    public static String of(Path p) { return p.toAbsolutePath().normalize().toString(); }
}
