package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.Json;
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

    private static JsonNode info(Path img) throws Exception {
        ExecResult r = HostRunner.INSTANCE.exec(List.of("qemu-img", "info", "-U", "--output=json", img.toString()),
                Duration.ofSeconds(30));
        return Json.MAPPER.readTree(r.stdout());
    }
}
