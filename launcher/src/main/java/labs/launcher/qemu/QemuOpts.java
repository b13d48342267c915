package labs.launcher.qemu;

/**
 * A value inside one of QEMU's "key=value,key=value" option strings (QemuOpts: -drive, -chardev, -fsdev, -name,
 * -device ...). QEMU splits those strings on ',' and reads ",," as one literal comma, so a path holding a comma
 * must have each comma doubled, or the rest of the path becomes options of QEMU's choosing ("x,readonly=off").
 * '=' and every other character inside a value are literal. Measured with QEMU 7.2: a console log, a root disk
 * and a data disk in a folder named "a,b:c=d e" boot with their commas doubled.
 *
 * <p>Not for -kernel, -initrd or -pidfile: QEMU takes those values whole, and a doubled comma there would name
 * another file (measured too).
 */
public final class QemuOpts {
    private QemuOpts() {}

    /** value with every ',' written ",,". */
    public static String value(String value) { return value.replace(",", ",,"); }
}
