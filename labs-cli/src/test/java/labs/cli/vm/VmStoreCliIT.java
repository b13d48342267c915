package labs.cli.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import labs.common.Json;
import labs.launcher.AccelChoice;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmDisk;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 items 2, 7, 20 and 21 (list columns) where the message and the exit code are what matters: the built
 * jar in a child process on a temporary store, the hostile step done for real (another user, chmod 0777, kill -9
 * and SIGINT of a create half-way). Nothing boots a guest.
 */
class VmStoreCliIT {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    private Run labs(List<String> prefix, String... args) throws Exception {
        Process p = start(prefix, args);
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        return new Run(p.exitValue(), out, err);
    }

    private Run labs(String... args) throws Exception {
        return labs(List.of(), args);
    }

    private Process start(List<String> prefix, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("labs.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LABS_DATA_DIR", tmp.resolve("data").toString());
        return pb.start();
    }

    private Path vms() { return tmp.resolve("data").resolve("vms"); }

    /** A shut-off VM written the way create leaves it (no disk needed: nothing boots). */
    private void defineByHand(String name) throws IOException {
        Path dir = Files.createDirectories(vms().resolve(name));
        Files.setPosixFilePermissions(vms(), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path disk = dir.resolve("disk.qcow2");
        Files.writeString(dir.resolve("definition.json"), Json.MAPPER.writeValueAsString(new VmDefinition(name,
                UUID.randomUUID(), 1, List.of(), 256, VmDisk.standalone(disk, DiskFormat.QCOW2, 16, CacheMode.NONE),
                null, null, AccelChoice.TCG, false, "2026-01-01T00:00:00Z")));
    }

    @Test
    void anotherUserListingRootsStoreGetsExit2AndTheReason() throws Exception {
        Assumptions.assumeTrue(ROOT, "needs root: runs labs as nobody (setpriv) on root's store");
        defineByHand("vm1");
        Run r = labs(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"), "vm", "list");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("cannot read the VM store") && r.err().contains("permission denied"), r.err());
        assertTrue(r.err().contains("fix: ") && r.err().contains("LABS_DATA_DIR"), r.err());
        assertFalse(r.err().contains("Exception"), "no stack trace: " + r.err());
    }

    @Test
    void aStoreWritableByAllIsRefusedByEveryCommandWithTheChmod() throws Exception {
        defineByHand("vm1");
        Files.setPosixFilePermissions(vms(), PosixFilePermissions.fromString("rwxrwxrwx"));
        for (String[] args : new String[][] {{"vm", "list"}, {"vm", "start", "vm1"}, {"vm", "exec", "vm1", "--",
                "true"}, {"vm", "destroy", "vm1"}, {"vm", "undefine", "vm1"}, {"vm", "create", "vm2"}}) {
            Run r = labs(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("fix: chmod go-w " + vms()), String.join(" ", args) + ": " + r.err());
        }
        assertTrue(Files.exists(vms().resolve("vm1/definition.json")));
        assertFalse(Files.exists(vms().resolve("vm2")));
    }

    /** Item 2 and 21: a VM folder swapped for a link to another folder with a forged definition. */
    @Test
    void aVmFolderThatIsALinkIsNeverFollowedByAnyCommand() throws Exception {
        defineByHand("vm1");
        Path theirs = tmp.resolve("theirs");
        Files.move(vms().resolve("vm1"), theirs);
        Files.createSymbolicLink(vms().resolve("vm1"), theirs);
        List<String> before;
        try (Stream<Path> s = Files.list(theirs)) {
            before = s.map(Path::toString).sorted().toList();
        }
        for (String[] args : new String[][] {{"vm", "start", "vm1"}, {"vm", "exec", "vm1", "--", "true"},
                {"vm", "destroy", "vm1"}, {"vm", "shutdown", "vm1"}, {"vm", "dumpxml", "vm1"},
                {"vm", "undefine", "vm1"}, {"vm", "undefine", "vm1", "--remove-all-storage"},
                {"vm", "clone", "vm1", "vm2"}}) {
            Run r = labs(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("is a symbolic link to " + theirs), String.join(" ", args) + ": " + r.err());
        }
        Run list = labs("vm", "list");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.err().contains("skipping VM 'vm1'") && list.err().contains("symbolic link"), list.err());
        try (Stream<Path> s = Files.list(theirs)) {
            assertEquals(before, s.map(Path::toString).sorted().toList(),
                    "nothing written into the link's target (no .lock, runtime.json, console.log, qemu.log)");
        }
        assertTrue(Files.isSymbolicLink(vms().resolve("vm1")));
    }

    @Test
    void destroyAndShutdownOfAMissingVmSayNoVmNamed() throws Exception {
        defineByHand("vm1");
        for (String cmd : List.of("destroy", "shutdown")) {
            Run r = labs("vm", cmd, "nosuch");
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("no VM named 'nosuch'"), r.err());
            assertFalse(r.err().contains(".lock"), r.err());
        }
        assertFalse(Files.exists(vms().resolve("nosuch")));
    }

    @Test
    void listColumnsStayAlignedWithA64CharacterName() throws Exception {
        String longName = "n".repeat(64);
        defineByHand(longName);
        defineByHand("vm1");
        Run r = labs("vm", "list");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        int state = lines.get(0).indexOf("State");
        int disk = lines.get(0).indexOf("Disk");
        for (String row : lines.subList(1, lines.size())) {
            assertEquals(state, row.indexOf("shut off"), r.out());
            assertEquals(disk, row.indexOf(vms().toString()), r.out());
        }
    }

    /** Item 7: a create stopped half-way (kill -9, and Ctrl-C's SIGINT) leaves nothing the next command keeps. */
    @Test
    void aCreateKilledHalfWayLeavesNothingBehind() throws Exception {
        for (String signal : List.of("KILL", "INT")) {
            Process create = start(List.of(), "vm", "create", "vm1", "--disk-size", "1024");
            Path temp = awaitTempFolder(create);
            Assumptions.assumeTrue(temp != null, "the create finished before its temp folder was seen");
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(create.pid())).start().waitFor());
            assertTrue(create.waitFor(60, TimeUnit.SECONDS));
            assertFalse(Files.exists(vms().resolve("vm1")), signal + ": no half-made VM folder");

            Run list = labs("vm", "list");
            assertEquals(0, list.exit(), list.err());
            assertTrue(list.out().startsWith("No VMs defined"), list.out());
            try (Stream<Path> s = Files.list(vms())) {
                assertEquals(List.of(), s.toList(), signal + ": the temp folder was swept");
            }
        }
        Run again = labs("vm", "create", "vm1", "--disk-size", "16");
        assertEquals(0, again.exit(), again.err());
        Run undefine = labs("vm", "undefine", "vm1", "--remove-all-storage");
        assertEquals(0, undefine.exit(), undefine.err());
    }

    private Path awaitTempFolder(Process create) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && create.isAlive()) {
            if (Files.isDirectory(vms())) {
                try (Stream<Path> s = Files.list(vms())) {
                    List<Path> t = s.filter(p -> p.getFileName().toString().startsWith(".creating-")).toList();
                    if (!t.isEmpty()) {
                        return t.get(0);
                    }
                }
            }
            Thread.sleep(5);
        }
        return null;
    }

    @Test
    void undefineHelpSaysWhatHappensToABaseThatClonesUse() throws Exception {
        Run r = labs("vm", "undefine", "--help");
        assertEquals(0, r.exit(), r.err());
        String help = r.out().replaceAll("\\s+", " ");
        assertTrue(help.contains("'storage only'") && help.contains("linked clones"), r.out());
    }
}
