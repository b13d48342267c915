package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import labs.common.LabsException;
import labs.launcher.Accelerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmStoreTest {
    @TempDir
    Path tmp;

    @Test
    void folderIsOwnerOnlyAndDefinitionRoundTrips() throws Exception {
        VmStore store = new VmStore(tmp.resolve("vms"));
        Path dir = store.createFolder("vm1");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.root())));
        VmDefinition def = Defs.sample("vm1", store.diskPath("vm1", labs.launcher.DiskFormat.QCOW2));
        store.save(def);
        assertEquals(def, store.load("vm1"));
        assertEquals(List.of("vm1"), store.names());
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temp file left");
        }
    }

    @Test
    void duplicateNameIsRefusedAndTheFirstIsUntouched() {
        VmStore store = new VmStore(tmp.resolve("vms"));
        store.createFolder("vm1");
        VmDefinition def = Defs.sample("vm1", tmp.resolve("d"));
        store.save(def);
        LabsException e = assertThrows(LabsException.class, () -> store.createFolder("vm1"));
        assertTrue(e.getMessage().contains("already exists"));
        assertEquals(def, store.load("vm1"));
    }

    @Test
    void concurrentCreatesOfOneNameLetExactlyOneWin() throws Exception {
        VmStore store = new VmStore(tmp.resolve("vms"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    try {
                        store.createFolder("same");
                        return true;
                    } catch (LabsException e) {
                        return false;
                    }
                }));
            }
            int wins = 0;
            for (Future<Boolean> f : results) {
                wins += f.get() ? 1 : 0;
            }
            assertEquals(1, wins);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void invalidNameWritesNothing() {
        VmStore store = new VmStore(tmp.resolve("vms"));
        assertThrows(LabsException.class, () -> store.createFolder("../escape"));
        assertThrows(LabsException.class, () -> store.createFolder(""));
        assertFalse(Files.exists(tmp.resolve("vms")), "nothing written for a bad name");
        assertFalse(Files.exists(tmp.resolve("escape")));
    }

    @Test
    void unknownVmSaysHowToListThem() {
        VmStore store = new VmStore(tmp.resolve("vms"));
        LabsException e = assertThrows(LabsException.class, () -> store.load("nope"));
        assertTrue(e.fix().contains("labs vm list"));
    }

    @Test
    void runtimeStateIsSavedAndCleared() throws Exception {
        VmStore store = new VmStore(tmp.resolve("vms"));
        store.createFolder("vm1");
        long self = ProcessHandle.current().pid();
        long ticks = ProcessStat.startTicks(self).orElseThrow();
        VmRuntime rt = new VmRuntime(self, ticks, Accelerator.TCG, "test", store.qmpSocket("vm1"),
                store.agentSocket("vm1"), store.consoleLog("vm1"), List.of(), null, false, self, "now");
        store.saveRuntime("vm1", rt);
        assertEquals(rt, store.runtime("vm1").orElseThrow());
        assertTrue(rt.processAlive());
        VmRuntime reused = new VmRuntime(self, ticks + 1, Accelerator.TCG, "test", null, null, null, List.of(), null,
                true, self, "now");
        assertFalse(reused.processAlive(), "same pid, other start time: a reused pid is not our VM");
        Files.writeString(store.qmpSocket("vm1"), "");
        store.clearRuntime("vm1");
        assertTrue(store.runtime("vm1").isEmpty());
        assertFalse(Files.exists(store.qmpSocket("vm1")));
    }
}
