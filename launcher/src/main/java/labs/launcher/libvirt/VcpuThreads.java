package labs.launcher.libvirt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import labs.common.Json;

/**
 * The host thread ids of a domain's vCPUs, from QEMU's own answer to query-cpus-fast, asked through libvirt (which
 * owns the monitor): `virsh qemu-monitor-command DOM '{"execute":"query-cpus-fast"}'`. It works the same for a
 * remote URI, where this machine's /proc cannot say which threads they are.
 */
final class VcpuThreads {
    private VcpuThreads() {}

    static final String QUERY = "{\"execute\":\"query-cpus-fast\"}";

    /** Asks the domain's QEMU; empty when it will not say (the figures that need them are then left out). */
    static List<Long> of(Virsh virsh, String domain) {
        var r = virsh.tryRun("qemu-monitor-command", domain, QUERY);
        return r.ok() ? parse(r.stdout()) : List.of();
    }

    /** The "thread-id" of each entry of the reply's "return", in vCPU order; empty for a reply without them. */
    static List<Long> parse(String reply) {
        List<Long> ids = new ArrayList<>();
        try {
            for (JsonNode cpu : Json.MAPPER.readTree(reply).path("return")) {
                long id = cpu.path("thread-id").asLong(-1);
                if (id <= 0) {
                    return List.of();
                }
                ids.add(id);
            }
        } catch (IOException e) {
            return List.of();
        }
        return List.copyOf(ids);
    }
}
