package labs.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import labs.charts.Lang;
import labs.common.DebianPackage;
import labs.common.LabsException;
import labs.common.Packages;

/** Checks a lab makes before it creates anything, so bad input ends as a usage error with nothing left behind. */
public final class LabChecks {
    private LabChecks() {}

    /** Fails with exit 2 unless the filesystem holding dir (or its nearest existing parent) has bytes free. */
    public static void freeSpace(Path dir, long bytes, String option) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return;
        }
        long free;
        try {
            free = Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            return; // cannot tell: fio will say so if space runs out
        }
        if (free < bytes) {
            throw LabsException.usage(String.format("not enough free space under %s: the lab needs %d MiB, %d MiB "
                    + "are free", p, bytes >> 20, free >> 20), "give a smaller " + option + " or free some space");
        }
    }

    /**
     * The packages of a lab that boots the guest and measures with fio and sysstat on both sides (the guest image
     * copies the host's fio and sysstat) and Java2D's font libraries for the charts, plus the Japanese font when the
     * charts are in Japanese: asked for once, before anything is created.
     */
    public static void guestLabPackages(String lab, Lang language) {
        List<DebianPackage> needed = new ArrayList<>(List.of(DebianPackage.QEMU, DebianPackage.QEMU_UTILS,
                DebianPackage.FIO, DebianPackage.SYSSTAT, DebianPackage.BUSYBOX, DebianPackage.E2FSPROGS,
                DebianPackage.SQUASHFS_TOOLS, DebianPackage.FONTCONFIG, DebianPackage.HARFBUZZ));
        if (language == Lang.JA) {
            needed.add(DebianPackage.JAPANESE_FONT);
        }
        Packages.ensure("labs run " + lab, needed);
    }
}
