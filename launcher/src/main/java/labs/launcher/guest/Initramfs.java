package labs.launcher.guest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * An initramfs as the kernel unpacks it: a cpio archive in "newc" format, written without root because cpio
 * records owner, mode and device numbers as plain fields (here every file belongs to root). Left uncompressed:
 * it is a few MB and the guest would spend longer decompressing it under TCG than QEMU spends copying it.
 */
public final class Initramfs {
    private record Entry(String path, int type, int mode, byte[] content, int devMajor, int devMinor) {}

    private final List<Entry> entries = new ArrayList<>();

    public Initramfs dir(String path) {
        entries.add(new Entry(path, CpioConstants.C_ISDIR, 0755, new byte[0], 0, 0));
        return this;
    }

    public Initramfs file(String path, int mode, byte[] content) {
        entries.add(new Entry(path, CpioConstants.C_ISREG, mode, content, 0, 0));
        return this;
    }

    public Initramfs file(String path, int mode, Path source) throws IOException {
        return file(path, mode, Files.readAllBytes(source));
    }

    public Initramfs symlink(String path, String target) {
        entries.add(new Entry(path, CpioConstants.C_ISLNK, 0777, target.getBytes(StandardCharsets.UTF_8), 0, 0));
        return this;
    }

    /** A named pipe (FIFO): a wait between processes of the guest's init that costs no fork. */
    public Initramfs fifo(String path, int mode) {
        entries.add(new Entry(path, CpioConstants.C_ISFIFO, mode, new byte[0], 0, 0));
        return this;
    }

    /** A character device node: /dev/console must exist before devtmpfs is mounted, or init has no stdio. */
    public Initramfs charDevice(String path, int mode, int major, int minor) {
        entries.add(new Entry(path, CpioConstants.C_ISCHR, mode, new byte[0], major, minor));
        return this;
    }

    public void writeTo(OutputStream out) throws IOException {
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(out, CpioConstants.FORMAT_NEW)) {
            long ino = 1;
            for (Entry e : entries) {
                CpioArchiveEntry ce = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, e.path());
                ce.setMode(e.type() | e.mode());
                ce.setInode(ino++);
                ce.setNumberOfLinks(e.type() == CpioConstants.C_ISDIR ? 2 : 1);
                ce.setUID(0);
                ce.setGID(0);
                ce.setTime(0);
                ce.setSize(e.content().length);
                if (e.type() == CpioConstants.C_ISCHR) {
                    ce.setRemoteDeviceMaj(e.devMajor());
                    ce.setRemoteDeviceMin(e.devMinor());
                }
                cpio.putArchiveEntry(ce);
                cpio.write(e.content());
                cpio.closeArchiveEntry();
            }
        }
    }
}
