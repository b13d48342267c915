package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import labs.common.LabsException;
import labs.common.Progress;
import labs.launcher.DiskFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile re-run of issue 10, item 1: a definition.json that another user can write was trusted because only
 * folders were checked. Here the user nobody really rewrites a 0666 definition.json in a 0755 VM folder of root's
 * so that the data disk points at a root-only 0600 file; labs must refuse the file (exit 2, the chmod fix) before
 * it reads a word of it. runtime.json, lab-owner and undefined.json get the same check.
 */
class StoreFileGuardTest {
    private static final boolean ROOT = StoreGuard.currentUid() == 0;

    @TempDir
    Path tmp;

    private VmStore storeWithVm(String name) {
        VmStore store = new VmStore(tmp.resolve("data/vms"));
        store.createFolder(name);
        store.save(Defs.sample(name, store.diskPath(name, DiskFormat.QCOW2)));
        return new VmStore(tmp.resolve("data/vms"));
    }

    @Test
    void aDefinitionRewrittenByNobodyIsRefusedWithTheChmod() throws Exception {
        Assumptions.assumeTrue(ROOT, "needs root: the user nobody rewrites root's definition.json");
        VmStore store = storeWithVm("vm1");
        Path secret = tmp.resolve("secret");
        Files.writeString(secret, "ROOT-ONLY");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        for (Path p : List.of(tmp, tmp.resolve("data"), store.root(), store.root().resolve("vm1"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path def = store.root().resolve("vm1/" + VmStore.DEFINITION);
        Files.setPosixFilePermissions(def, PosixFilePermissions.fromString("rw-rw-rw-"));
        String forged = Files.readString(def).replace(store.diskPath("vm1", DiskFormat.QCOW2).toString(),
                secret.toString());
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "sh", "-c", "cat > \"$1\"", "sh", def.toString()).redirectErrorStream(true).start();
        p.getOutputStream().write(forged.getBytes());
        p.getOutputStream().close();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        assertTrue(Files.readString(def).contains(secret.toString()), "nobody's edit must have landed");

        LabsException e = assertThrows(LabsException.class, () -> store.load("vm1"));
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("writable by all users"), e.getMessage());
        assertEquals("check its content, then: chmod go-w " + def, e.fix());
    }

    @Test
    void aDefinitionOwnedByAnotherUserIsRefusedWithTheChown() throws Exception {
        Assumptions.assumeTrue(ROOT, "needs root: chowns definition.json to nobody");
        VmStore store = storeWithVm("vm1");
        Path def = store.root().resolve("vm1/" + VmStore.DEFINITION);
        Files.setAttribute(def, "unix:uid", 65534);
        LabsException e = assertThrows(LabsException.class, () -> store.load("vm1"));
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("belongs to uid 65534"), e.getMessage());
        assertTrue(e.fix().contains("chown root " + def), e.fix());
    }

    @Test
    void aGroupWritableRuntimeIsRefusedNotTrusted() throws Exception {
        VmStore store = storeWithVm("vm1");
        Path rt = store.root().resolve("vm1/" + VmStore.RUNTIME);
        Files.writeString(rt, "{\"pid\": 1}");
        Files.setPosixFilePermissions(rt, PosixFilePermissions.fromString("rw-rw----"));
        LabsException e = assertThrows(LabsException.class, () -> store.runtime("vm1"));
        assertTrue(e.getMessage().contains("writable by its group"), e.getMessage());
        assertEquals("check its content, then: chmod go-w " + rt, e.fix());
    }

    @Test
    void aWorldWritableLabOwnerAndKeptDefinitionAreRefused() throws Exception {
        VmStore store = storeWithVm("vm1");
        Path dir = store.root().resolve("vm1");
        Files.writeString(dir.resolve(LabOwner.FILE), "1 1\n");
        Files.setPosixFilePermissions(dir.resolve(LabOwner.FILE), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThrows(LabsException.class, () -> LabOwner.readFrom(dir));
        // the sweep that runs on every command leaves such a VM alone instead of failing every command
        assertEquals(List.of(), LabVmReaper.sweep(store, Progress.SILENT));
        Files.move(dir.resolve(VmStore.DEFINITION), dir.resolve(VmStore.KEPT));
        Files.setPosixFilePermissions(dir.resolve(VmStore.KEPT), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThrows(LabsException.class, () -> store.loadKept("vm1"));
    }
}
