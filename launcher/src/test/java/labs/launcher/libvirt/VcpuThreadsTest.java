package labs.launcher.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The vCPU thread ids in QEMU's answer to query-cpus-fast as virsh prints it. Fixture: a transient domain of two vCPUs
 * (type qemu, q35, 64 MiB, no disk: `virsh -c qemu:///system create FILE`), then `virsh -c qemu:///system
 * qemu-monitor-command NAME '{"execute":"query-cpus-fast"}'` (Debian 12: libvirt 9.0, QEMU 7.2, TCG). Its QEMU's
 * /proc/PID/task then held 1160 "CPU 0/TCG" and 1161 "CPU 1/TCG"; the "thread-id" 0 inside "props" is the CPU
 * topology's thread number, not a host thread.
 */
class VcpuThreadsTest {
    @Test
    void eachVcpusThreadIdInOrder() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/libvirt/query-cpus-fast-2vcpu.json")) {
            String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(List.of(FIRST, SECOND), VcpuThreads.parse(reply));
        }
    }

    /** The vCPU threads' ids in the fixture ("CPU 0/TCG", "CPU 1/TCG" in /proc then). */
    private static final long FIRST = 1160;
    private static final long SECOND = 1161;

    @Test
    void aReplyWithoutThreadIdsGivesNone() {
        assertEquals(List.of(), VcpuThreads.parse("{\"return\":[],\"id\":\"libvirt-1\"}"));
        assertEquals(List.of(), VcpuThreads.parse("{\"return\":[{\"cpu-index\":0}],\"id\":\"libvirt-1\"}"));
        assertEquals(List.of(), VcpuThreads.parse("{\"error\":{\"class\":\"CommandNotFound\"}}"));
        assertEquals(List.of(), VcpuThreads.parse("error: Requested operation is not valid: domain is not running"));
    }
}
