package labs.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import labs.common.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's `labs vm` walk-through, run line by line as typed (issue 15 item 4: it had `vm clone` right after `vm
 * start`, which is refused): the block is read from README.md, so the test follows whatever the README says. Real
 * guests (two, one after the other, then both at once) under whatever accelerator auto picks (TCG in CI). Besides
 * every line exiting 0: dumpxml shows the disk file, the `ps ax | grep qemu` line shows the two VMs' own qemu
 * processes, and nothing is left at the end.
 */
class ReadmeWalkthroughIT {
    @TempDir
    Path tmp;
    private TypedShell sh;

    @AfterEach
    void nothingLeftRunning() throws Exception {
        if (sh != null) {
            assertEquals("", sh.leftRunning(), "a process of this test's store was left running");
        }
    }

    @Test
    void theReadmesVmWalkthroughWorksAsTyped() throws Exception {
        sh = new TypedShell(tmp);
        List<String> lines = DocCommands.blockAfter(DocCommands.TOP.resolve("README.md"), DocCommands.WALKTHROUGH);
        assertTrue(lines.size() >= 8, lines.toString());
        List<String> transcript = new ArrayList<>();
        for (String line : lines) {
            TypedShell.Result r = sh.ok(line);
            transcript.add(r.toString());
            if (line.contains("labs vm dumpxml vm1")) {
                String disk = sh.data.resolve("vms").resolve("vm1").resolve("disk.qcow2").toString();
                assertTrue(r.out().contains("<source file=\"" + disk + "\"/>"), "dumpxml shows the disk file:\n" + r);
            }
            if (line.startsWith("pgrep")) {
                List<Long> pids = runningPids();
                assertEquals(2, pids.size(), "both VMs run: " + pids);
                for (long pid : pids) {
                    assertTrue(r.out().lines().anyMatch(l -> l.startsWith(pid + " qemu-system")),
                            "the qemu process of each VM is listed (" + pid + "):\n" + r);
                }
            }
        }
        assertTrue(String.join("\n", transcript).contains("VM 'vm2' cloned from 'vm1'"), String.join("\n", transcript));
        try (Stream<Path> left = Files.list(sh.data.resolve("vms"))) {
            assertEquals(List.of(), left.toList(), "the walk-through removes what it made");
        }
    }

    /** The pids of the running VMs as `labs vm list --json` gives them. */
    private List<Long> runningPids() throws Exception {
        List<Long> pids = new ArrayList<>();
        for (JsonNode vm : Json.MAPPER.readTree(sh.ok("./labs vm list --json").out())) {
            if (vm.path("state").asText().equals("running")) {
                pids.add(vm.path("pid").asLong());
            }
        }
        return pids;
    }
}
