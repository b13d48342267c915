package labs.launcher.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import labs.common.LabsException;

/**
 * virsh undefine on the VM store. Without --remove-all-storage the definition becomes {@link VmStore#KEPT} and the
 * folder stays as "storage only" (listed, and removable later), so a base image that linked clones read is never
 * orphaned in a folder labs no longer knows. With --remove-all-storage the whole folder goes, refused while clones
 * still read its base; that also removes a VM whose definition is damaged, kept storage, and folders made by an
 * older labs.
 */
public final class VmUndefiner {
    private final VmStore store;

    public VmUndefiner(VmStore store) {
        this.store = store;
    }

    /** @param beforeRemoval runs under the VM's lock just before its files change (the launcher keeps the console) */
    public StorageCleaner.Report undefine(String name, boolean removeAllStorage, Duration lockWait,
                                          Runnable beforeRemoval) {
        VmName.check(name);
        if (!store.folderExists(name)) {
            throw store.noSuchVm(name);
        }
        try (VmLock lock = VmLock.acquire(store.dir(name), name, "undefine it", lockWait)) {
            refuseRunning(name);
            boolean defined = store.exists(name);
            VmDefinition def = null;
            String damage = null;
            try {
                def = defined ? store.load(name) : store.kept(name) ? store.loadKept(name) : null;
            } catch (VmStore.Damaged e) {
                damage = e.getMessage() + ": " + e.why();
            }
            List<String> users = CloneMaker.usersOfBase(store, name);
            if (!removeAllStorage) {
                if (!defined || damage != null) {
                    throw cannotKeep(name, damage, users);
                }
                store.clearRuntime(name);
                beforeRemoval.run();
                return keepStorage(name, def, users);
            }
            if (!users.isEmpty()) {
                throw LabsException.usage("VM '" + name + "' holds the base image that linked clones read from: "
                                + String.join(", ", users), "remove those clones first (labs vm undefine CLONE "
                                + "--remove-all-storage), or make each one independent with a full copy: labs vm "
                                + "clone CLONE NEW --full" + (defined ? "; or undefine it and keep its storage "
                                + "until then: labs vm undefine " + name : ""));
            }
            store.clearRuntime(name);
            beforeRemoval.run();
            return StorageCleaner.removeVmFolder(store.dir(name), def == null ? List.of() : List.of(def.disk().path()));
        }
    }

    /** A VM whose qemu runs is not undefined; a runtime.json that names anything else is stale and cleared. */
    private void refuseRunning(String name) {
        Optional<VmRuntime> rt = store.runtime(name);
        if (rt.isEmpty()) {
            return;
        }
        if (QemuProcess.isQemuOf(rt.get(), store, name)) {
            throw LabsException.usage("VM '" + name + "' is running (qemu pid " + rt.get().pid()
                    + "); it cannot be undefined now", "stop it first: labs vm destroy " + name);
        }
        store.clearRuntime(name);
    }

    private StorageCleaner.Report keepStorage(String name, VmDefinition def, List<String> users) {
        Path dir = store.dir(name);
        try {
            Files.move(dir.resolve(VmStore.DEFINITION), dir.resolve(VmStore.KEPT), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LabsException("cannot undefine VM '" + name + "': " + dir.resolve(VmStore.DEFINITION)
                    + " cannot be renamed", e.toString(), "check the permissions of " + dir);
        }
        String kept = "the folder " + dir + " with the disk " + def.disk().path() + " (labs vm list shows it as "
                + "'storage only'; " + (users.isEmpty() ? "remove it with: labs vm undefine " + name
                + " --remove-all-storage)" : "linked clones read its base image: " + String.join(", ", users)
                + "; it can be removed with labs vm undefine " + name + " --remove-all-storage once they are gone)");
        return new StorageCleaner.Report(List.of(), List.of(kept));
    }

    private LabsException cannotKeep(String name, String damage, List<String> users) {
        Path dir = store.dir(name);
        if (damage != null) {
            return LabsException.usage(damage + "; it cannot be undefined and kept",
                    "remove it with its folder " + dir + ": labs vm undefine " + name + " --remove-all-storage");
        }
        return LabsException.usage("VM '" + name + "' is not defined; its folder " + dir + " is kept storage"
                + (users.isEmpty() ? "" : " holding the base image of linked clones " + String.join(", ", users)),
                users.isEmpty() ? "remove it: labs vm undefine " + name + " --remove-all-storage"
                        : "remove those clones first; then: labs vm undefine " + name + " --remove-all-storage");
    }
}
