package labs.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import labs.common.LabsException;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.vm.DiskTool;
import labs.launcher.vm.ProcessStat;
import labs.launcher.vm.StorageCleaner;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmDisk;
import labs.launcher.vm.VmRuntime;
import labs.launcher.vm.VmState;
import labs.launcher.vm.VmStatus;
import labs.launcher.vm.VmStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 items 3, 5, 8 and 20 on the launcher without booting a guest: real processes stand in for qemu (a real
 * `sleep`; a copy of cat named qemu-system-x86_64, blocked on its stdin, whose command line names a QMP socket the
 * way qemu's does), real runtime.json files written next to them, a real damaged definition.json, and a real
 * linked clone made by qemu-img.
 */
class LauncherStoreTest {
    @TempDir
    Path tmp;
    private Launcher launcher;
    private VmStore store;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() {
        launcher = new Launcher(tmp.resolve("data"), new GuestImageBuilder(tmp.resolve("cache")),
                AccelProbe.TCG_ONLY);
        store = launcher.store();
    }

    @AfterEach
    void killWhatWasStarted() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private VmDefinition define(String name) {
        store.createFolder(name);
        Path disk = store.diskPath(name, DiskFormat.QCOW2);
        DiskTool.createDataDisk(disk, DiskFormat.QCOW2, 16);
        VmDefinition def = new VmDefinition(name, UUID.randomUUID(), 1, List.of(), 256,
                VmDisk.standalone(disk, DiskFormat.QCOW2, 16, CacheMode.NONE), null, null, AccelChoice.TCG, false,
                "2026-01-01T00:00:00Z");
        store.save(def);
        return def;
    }

    private Process spawn(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        started.add(p);
        // wait until exec is done (the command line is the new program's), so /proc shows what a later check sees
        for (int i = 0; i < 100 && !Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"))
                .startsWith(argv.get(0)); i++) {
            Thread.sleep(20);
        }
        return p;
    }

    /** A process whose executable is named qemu-system-x86_64 and whose command line names {@code qmpSocket}. */
    private Process fakeQemu(Path qmpSocket) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin")).resolve("qemu-system-x86_64");
        if (!Files.exists(bin)) {
            Files.copy(Path.of("/bin/cat"), bin);
            bin.toFile().setExecutable(true);
        }
        // cat reads "-" (its stdin, a pipe this test keeps open) for ever and never reaches the second argument.
        return spawn(List.of(bin.toString(), "-", "socket,id=qmp,path=" + qmpSocket + ",server=on,wait=off"));
    }

    private void recordRuntime(String name, Process p) {
        long ticks = ProcessStat.startTicks(p.pid()).orElseThrow();
        store.saveRuntime(name, new VmRuntime(p.pid(), ticks, Accelerator.TCG, "test", store.qmpSocket(name),
                store.agentSocket(name), store.consoleLog(name), List.of(), null, true,
                ProcessHandle.current().pid(), "now"));
    }

    @Test
    void destroyNeverKillsAProcessThatIsNotThisVmsQemu() throws Exception {
        define("vm1");
        Process sleep = spawn(List.of("sleep", "600"));
        recordRuntime("vm1", sleep); // forged: the right pid and start time, but a sleep

        LabsException e = assertThrows(LabsException.class, () -> launcher.destroy("vm1"));
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("runs sleep, not qemu-system-*"), e.getMessage());
        assertTrue(sleep.isAlive(), "the sleep was not killed");
        assertTrue(store.runtime("vm1").isEmpty(), "the stale runtime.json was removed");
        assertEquals(VmState.SHUT_OFF, launcher.status("vm1").state());

        Process otherQemu = fakeQemu(tmp.resolve("elsewhere/qmp.sock"));
        recordRuntime("vm1", otherQemu); // a qemu, but another VM's
        LabsException other = assertThrows(LabsException.class, () -> launcher.destroy("vm1"));
        assertTrue(other.getMessage().contains("not the one of"), other.getMessage());
        assertTrue(otherQemu.isAlive(), "another VM's qemu was not killed");
        assertEquals(VmState.SHUT_OFF, launcher.status("vm1").state(), "list does not call it running either");
    }

    @Test
    void destroyKillsThisVmsQemu() throws Exception {
        define("vm1");
        Process qemu = fakeQemu(store.qmpSocket("vm1"));
        recordRuntime("vm1", qemu);
        assertEquals(VmState.RUNNING, launcher.status("vm1").state());
        assertTrue(launcher.destroy("vm1"));
        assertTrue(qemu.waitFor(10, TimeUnit.SECONDS), "killed");
        assertTrue(store.runtime("vm1").isEmpty());
    }

    @Test
    void aDamagedDefinitionDoesNotMakeAVmUnstoppableOrUnremovable() throws Exception {
        define("vm1");
        Process qemu = fakeQemu(store.qmpSocket("vm1"));
        recordRuntime("vm1", qemu);
        Path def = store.dir("vm1").resolve(VmStore.DEFINITION);
        Files.writeString(def, "{\"name\": \"vm1\", \"vcpus\": tru");

        assertEquals(VmState.DAMAGED, launcher.list().get(0).state());
        assertEquals(qemu.pid(), launcher.list().get(0).pid());
        LabsException running = assertThrows(LabsException.class, () -> launcher.undefine("vm1", true));
        assertTrue(running.getMessage().contains("is running"), running.getMessage());

        assertTrue(launcher.destroy("vm1"), "destroyed from runtime.json and /proc alone");
        assertTrue(qemu.waitFor(10, TimeUnit.SECONDS));

        LabsException keep = assertThrows(LabsException.class, () -> launcher.undefine("vm1", false));
        assertTrue(keep.getMessage().contains("damaged"), keep.getMessage());
        assertTrue(keep.fix().contains("labs vm undefine vm1 --remove-all-storage"), keep.fix());
        launcher.undefine("vm1", true);
        assertFalse(Files.exists(store.root().resolve("vm1"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(launcher.list().isEmpty());
    }

    @Test
    void destroyAndShutdownOfAMissingVmSayNoVmNamedAndWriteNothing() {
        store.createFolder("other");
        for (LabsException e : List.of(assertThrows(LabsException.class, () -> launcher.destroy("nosuch")),
                assertThrows(LabsException.class, () -> launcher.shutdown("nosuch")))) {
            assertEquals(LabsException.EXIT_USAGE, e.exitCode());
            assertTrue(e.getMessage().startsWith("no VM named 'nosuch'"), e.getMessage());
        }
        assertFalse(Files.exists(store.root().resolve("nosuch"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void undefiningABaseThatClonesReadKeepsItListedAndRemovableLater() throws Exception {
        define("src1");
        launcher.cloneVm("src1", "cl1", false);
        launcher.cloneVm("src1", "cl2", false);
        Path base = launcher.store().load("cl1").disk().backingFile();

        StorageCleaner.Report r = launcher.undefine("src1", false);
        assertTrue(r.deleted().isEmpty());
        assertTrue(r.kept().get(0).contains("cl1, cl2"), r.kept().toString());
        assertTrue(Files.exists(base), "the clones' base is still there");
        Map<String, VmState> states = launcher.list().stream()
                .collect(Collectors.toMap(VmStatus::name, VmStatus::state));
        assertEquals(Map.of("src1", VmState.STORAGE_ONLY, "cl1", VmState.SHUT_OFF, "cl2", VmState.SHUT_OFF), states);

        LabsException taken = launcher.store().duplicate("src1"); // what `labs vm create src1` says
        assertTrue(taken.getMessage().contains("kept storage") && taken.getMessage().contains("cl1, cl2"),
                taken.getMessage());
        LabsException start = assertThrows(LabsException.class, () -> launcher.startDetached("src1"));
        assertTrue(start.getMessage().contains("was undefined; only its storage is kept"), start.getMessage());
        LabsException inUse = assertThrows(LabsException.class, () -> launcher.undefine("src1", true));
        assertTrue(inUse.getMessage().contains("cl1, cl2"), inUse.getMessage());

        launcher.undefine("cl1", true);
        launcher.undefine("cl2", false); // its storage stays, and still reads the base
        inUse = assertThrows(LabsException.class, () -> launcher.undefine("src1", true));
        assertTrue(inUse.getMessage().contains("cl2 (undefined, storage kept)"), inUse.getMessage());
        launcher.undefine("cl2", true);
        launcher.undefine("src1", true);
        assertTrue(launcher.list().isEmpty());
        assertFalse(Files.exists(base));
    }
}
