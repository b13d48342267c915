package labs.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import labs.common.LabsException;

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
}
