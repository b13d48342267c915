package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import labs.common.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep the next labs command runs, on real folders and real processes: a folder marked by a process that has
 * ended is reaped; one marked by a live process (this JVM), one without a mark (the user's own VM), a marked folder
 * reached through a symbolic link, and a damaged mark's neighbours are judged each on their own.
 */
class LabVmReaperTest {
    @TempDir
    Path tmp;

    @Test
    void reapsOnlyFoldersOfLabsThatAreGone() throws Exception {
        VmStore store = new VmStore(tmp.resolve("vms"));
        Files.createDirectories(store.root());
        LabOwner dead = endedProcess();

        Path orphan = Files.createDirectory(store.root().resolve("io-compare-1"));
        Files.writeString(orphan.resolve("disk.qcow2"), "data");
        dead.writeTo(orphan);

        Path live = Files.createDirectory(store.root().resolve("cpu-overhead-1"));
        LabOwner.current().writeTo(live);

        Path users = Files.createDirectory(store.root().resolve("vm1"));
        Files.writeString(users.resolve("definition.json"), "{}");

        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        dead.writeTo(elsewhere);
        Files.createSymbolicLink(store.root().resolve("linked"), elsewhere);

        // the sweep reports through the sink it is given, not through a global: what it removed, as a warning
        List<String> warned = new java.util.ArrayList<>();
        Progress recording = new Progress() {
            @Override public void progress(String fmt, Object... args) { }
            @Override public void warn(String fmt, Object... args) { warned.add(String.format(fmt, args)); }
            @Override public void debug(String fmt, Object... args) { }
        };
        assertEquals(List.of("io-compare-1"), LabVmReaper.sweep(store, recording));
        assertEquals(List.of("removed the VM 'io-compare-1' left by a lab that was killed (labs pid " + dead.pid()
                + ")"), warned);
        assertFalse(Files.exists(orphan));
        assertTrue(Files.isDirectory(live), "its lab still runs");
        assertTrue(Files.isDirectory(users), "not a lab's VM");
        assertTrue(Files.exists(elsewhere.resolve(LabOwner.FILE)), "a link is never followed");
        assertEquals(List.of(), LabVmReaper.sweep(store, Progress.SILENT), "nothing more to do");
    }

    @Test
    void aKeptVmIsTheUsersAndStays() throws Exception {
        VmStore store = new VmStore(tmp.resolve("vms"));
        Path kept = Files.createDirectories(store.root().resolve("lifecycle-vm"));
        endedProcess().writeTo(kept);
        LabOwner.release(kept);
        assertEquals(List.of(), LabVmReaper.sweep(store, Progress.SILENT));
        assertTrue(Files.isDirectory(kept));
    }

    @Test
    void aReusedPidIsNotTheOwner() throws Exception {
        LabOwner me = LabOwner.current();
        assertTrue(me.alive());
        assertFalse(new LabOwner(me.pid(), me.startTicks() + 1).alive(), "same pid, another start time");
    }

    @Test
    void aForgedRuntimeNeverMakesTheSweepKillAnotherProcess() throws Exception {
        VmStore store = new VmStore(tmp.resolve("vms"));
        Path orphan = Files.createDirectories(store.root().resolve("io-compare-2"));
        endedProcess().writeTo(orphan);
        Process victim = new ProcessBuilder("sleep", "30").start();
        try {
            long ticks = ProcessStat.startTicks(victim.pid()).orElseThrow();
            Files.writeString(orphan.resolve(VmStore.RUNTIME), "{\"pid\":" + victim.pid() + ",\"startTicks\":" + ticks
                    + ",\"accelerator\":\"TCG\",\"ready\":true,\"ownerPid\":1}");
            assertTrue(store.runtime("io-compare-2").orElseThrow().processAlive(), "the forged runtime matches");
            assertEquals(List.of("io-compare-2"), LabVmReaper.sweep(store, Progress.SILENT));
            Thread.sleep(300);
            assertTrue(victim.isAlive(), "a process that is not this VM's qemu is never signalled");
        } finally {
            victim.destroyForcibly();
        }
    }

    @Test
    void aQemuIsRecognisedByItsNameAndTheFolderOnItsCommandLine() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("vms/vm9"));
        // a shell under qemu's name, its command line naming the folder as a real qemu's does (": " keeps it the
        // shell instead of exec'ing sleep)
        Path fake = Files.copy(Path.of("/bin/sh"), tmp.resolve("qemu-system-x86_64"));
        Process q = new ProcessBuilder(fake.toString(), "-c", "sleep 30; :", dir.resolve("qmp.sock").toString())
                .start();
        Process other = new ProcessBuilder("sh", "-c", "sleep 30; :", dir.resolve("qmp.sock").toString()).start();
        try {
            Thread.sleep(200);
            assertTrue(LabVmReaper.isQemuOf(q.pid(), dir));
            assertFalse(LabVmReaper.isQemuOf(q.pid(), tmp.resolve("vms/vm")), "another folder");
            assertFalse(LabVmReaper.isQemuOf(other.pid(), dir), "not a qemu");
        } finally {
            q.destroyForcibly();
            other.destroyForcibly();
        }
    }

    /** The owner mark of a process that ran and has exited (its pid and start time, now dead). */
    private static LabOwner endedProcess() throws Exception {
        Process p = new ProcessBuilder("sleep", "0.2").start();
        long ticks = ProcessStat.startTicks(p.pid()).orElseThrow();
        p.waitFor();
        return new LabOwner(p.pid(), ticks);
    }
}
