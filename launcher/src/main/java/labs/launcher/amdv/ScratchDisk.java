package labs.launcher.amdv;

import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.ToolPath;

/**
 * The emulated machine's own disk, where the labs inside keep their VMs and test files: a sparse raw file with an
 * empty ext4, made on the host by mke2fs (no root needed on a plain file). Not the machine's tmpfs: QEMU opens a
 * guest disk with cache=none through O_DIRECT, which tmpfs refuses ("filesystem does not support O_DIRECT"), and
 * io-compare's host side should measure a block device, as on a real host. Only what is written takes space.
 */
public final class ScratchDisk {
    /** Room for io-compare's default 1 GiB files on both sides and the guests' disks. */
    public static final long SIZE_MIB = 8 * 1024;

    private ScratchDisk() {}

    /** Makes the image at file (which must not exist yet). */
    public static void create(Path file) throws IOException, InterruptedException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(SIZE_MIB * 1024 * 1024);
        }
        Path mke2fs = HostRunner.which("mke2fs");
        // root_owner: the machine's labs run as its root, and refuse a store folder another user owns.
        // lazy_journal_init: the fresh file reads as zeros anyway, so the journal need not be written now.
        ExecResult r = HostRunner.INSTANCE.exec(List.of(mke2fs == null ? "/sbin/mke2fs" : mke2fs.toString(), "-q",
                "-t", "ext4", "-F", "-m", "0", "-L", "labs-amdv", "-E",
                "root_owner=0:0,lazy_itable_init=1,lazy_journal_init=1", ToolPath.of(file)), Duration.ofMinutes(2));
        if (!r.ok()) {
            throw new LabsException(Msg.get(LauncherText.AM_SCRATCH_FAILED, "mke2fs", file), r.tail(3),
                    Msg.get(LauncherText.AM_SCRATCH_FIX, "apt-get install e2fsprogs", file.getParent()));
        }
    }
}
