package labs.cli.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import labs.common.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `labs run LAB --connect qemu:///system` against a real libvirtd ({@link Libvirtd}): the lab's guest is a
 * transient libvirt domain (real QEMU under TCG, started by libvirt), its agent reached through the socket libvirt
 * made for the channel, and nothing of it is left in libvirt afterwards, also when labs is killed with SIGKILL.
 */
class LibvirtLabIT {
    private static Libvirtd daemon;
    @TempDir
    Path tmp;

    @BeforeAll
    static void libvirtd() throws Exception {
        daemon = Libvirtd.ensure();
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    /** cpu-overhead --quick end to end through libvirt: meta.json and the conditions say the engine and URI. */
    @Test
    void cpuOverheadRunsItsGuestThroughLibvirt() throws Exception {
        Set<String> before = domains("cpu-overhead-");
        LabsCli.Run r = LabsCli.run(tmp.resolve("data"), Map.of(), "run", "cpu-overhead", "--quick", "--lang", "en",
                "--connect", Libvirtd.URI, "--results", tmp.resolve("results").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        Path runDir;
        try (Stream<Path> s = Files.list(tmp.resolve("results/cpu-overhead"))) {
            runDir = s.findFirst().orElseThrow();
        }
        JsonNode meta = Json.MAPPER.readTree(runDir.resolve("meta.json").toFile());
        assertTrue(meta.path("complete").asBoolean(), meta.toString());
        assertEquals("libvirt " + Libvirtd.URI, meta.path("options").path("engine").asText(), meta.toString());
        assertEquals(Libvirtd.URI, meta.path("options").path("connect").asText(), meta.toString());
        assertTrue(r.out().contains("guest through libvirt " + Libvirtd.URI), r.out());
        assertTrue(Files.size(runDir.resolve("raw/guest-console.log")) > 0, "the console libvirt logged is kept");
        assertEquals(before, domains("cpu-overhead-"), "the lab's transient domain is gone");
        String guest = "cpu-overhead-" + runDir.getFileName();
        assertFalse(Libvirtd.virsh("vol-list", "labs").text().contains(guest), "its volumes are gone");
    }

    /** A labs killed with SIGKILL while its guest runs: libvirt destroys the domain, nothing stays defined. */
    @Test
    void killedLabLeavesNothingInLibvirt() throws Exception {
        Set<String> before = domains("io-compare-");
        Process labs = LabsCli.start(tmp.resolve("data"), Map.of(), "run", "io-compare", "--quick", "--lang", "en",
                "--connect", Libvirtd.URI, "--results", tmp.resolve("results").toString());
        labs.getInputStream().close();   // nothing reads its output: it must not block on a full pipe
        String name = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (name == null && System.nanoTime() < deadline && labs.isAlive()) {
            Set<String> now = domains("io-compare-");
            now.removeAll(before);
            if (!now.isEmpty() && Libvirtd.virsh("domstate", now.iterator().next()).text().contains("running")) {
                name = now.iterator().next();
            }
            Thread.sleep(200);
        }
        assertTrue(name != null, "the lab's domain never ran: " + new String(labs.getErrorStream().readAllBytes()));
        Thread.sleep(3000);   // past the start: its volumes are unlinked, its agent connects
        labs.destroyForcibly();   // SIGKILL: no exit hook runs
        assertTrue(labs.waitFor(30, TimeUnit.SECONDS));
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (domains("io-compare-").contains(name) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertFalse(domains("io-compare-").contains(name), "libvirt destroyed the domain of the killed labs");
        assertTrue(Libvirtd.virsh("dominfo", name).exit() != 0, "nothing of it is defined");
        assertFalse(Libvirtd.virsh("vol-list", "labs").text().contains(name), "no volume of it is left");
        String finalName = name;
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("")
                .contains("guest=" + finalName + ",")), "no qemu of it runs");
    }

    /** The domains whose names start with prefix, running or defined. */
    private static Set<String> domains(String prefix) throws Exception {
        return Arrays.stream(Libvirtd.virsh("list", "--all", "--name").text().split("\n")).map(String::strip)
                .filter(n -> n.startsWith(prefix)).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

}
