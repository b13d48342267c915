package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.Json;
import labs.common.LabsException;
import labs.launcher.DiskFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real mke2fs and qemu-img on small files (fractions of a second; no guest is booted). */
class DiskToolTest {
    @TempDir
    Path tmp;

    @Test
    void rawAndQcow2DisksHoldExt4AndLinkedClonesPointAtTheirBase() throws Exception {
        Path raw = tmp.resolve("disk.raw");
        DiskTool.createDataDisk(raw, DiskFormat.RAW, 16);
        assertEquals(16L << 20, Files.size(raw));
        ExecResult fs = HostRunner.INSTANCE.exec(List.of("/sbin/dumpe2fs", "-h", raw.toString()), Duration.ofSeconds(30));
        assertTrue(fs.stdout().contains("Filesystem volume name:   data"), fs.stdout());

        Path qcow = tmp.resolve("disk.qcow2");
        DiskTool.createDataDisk(qcow, DiskFormat.QCOW2, 16);
        assertEquals("qcow2", info(qcow).path("format").asText());
        assertEquals(16L << 20, info(qcow).path("virtual-size").asLong());

        Path clone = tmp.resolve("clone.qcow2");
        DiskTool.linkedClone(raw, DiskFormat.RAW, clone);
        JsonNode ci = info(clone);
        assertEquals(raw.toString(), ci.path("backing-filename").asText());
        assertEquals("raw", ci.path("backing-filename-format").asText());

        Path full = tmp.resolve("full.qcow2");
        DiskTool.fullCopy(clone, DiskFormat.QCOW2, full);
        assertTrue(info(full).path("backing-filename").isMissingNode(), "a full copy stands alone");
        try (var s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".part")), "no unfinished file left");
        }
    }

    /**
     * Issue 10 item 21: mke2fs on a full filesystem gave exit 1 and no fix. A real 300 KiB tmpfs (root only, to
     * mount it) under a 2 GiB raw disk: exit 2, the folder and a fix named, no file left.
     */
    @Test
    void aFullFilesystemIsExit2WithTheFix() throws Exception {
        assumeTrue(HostRunner.isRoot(), "needs root: mounts a small tmpfs");
        Path small = Files.createDirectories(tmp.resolve("small"));
        assertEquals(0, HostRunner.INSTANCE.exec(List.of("mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs",
                small.toString()), Duration.ofSeconds(30)).exitCode());
        try {
            LabsException e = assertThrows(LabsException.class,
                    () -> DiskTool.createDataDisk(small.resolve("disk.raw"), DiskFormat.RAW, 2048));
            assertEquals(2, e.exitCode());
            assertTrue(e.getMessage().contains("is full"), e.getMessage());
            assertTrue(e.fix().contains("LABS_DATA_DIR"), e.fix());
            try (var s = Files.list(small)) {
                assertEquals(List.of(), s.toList(), "nothing left");
            }
        } finally {
            HostRunner.INSTANCE.exec(List.of("umount", small.toString()), Duration.ofSeconds(30));
        }
    }

    /** Every file name goes to mke2fs and qemu-img whole: a folder named like options and protocols. */
    @Test
    void hostileFolderNamesAreTakenLiterally() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("nbd:x,readonly=off=y"));
        Path raw = dir.resolve("disk.raw");
        DiskTool.createDataDisk(raw, DiskFormat.RAW, 16);
        Path clone = dir.resolve("c,l:one.qcow2");
        DiskTool.linkedClone(raw, DiskFormat.RAW, clone);
        assertEquals(raw.toString(), info(clone).path("backing-filename").asText());
    }

    private static JsonNode info(Path img) throws Exception {
        ExecResult r = HostRunner.INSTANCE.exec(List.of("qemu-img", "info", "-U", "--output=json", img.toString()),
                Duration.ofSeconds(30));
        return Json.MAPPER.readTree(r.stdout());
    }
}
