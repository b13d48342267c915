package labs.launcher.vm;

import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
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
                throw LabsException.usage(Msg.get(VmText.UNDEFINE_BASE, name, String.join(", ", users)),
                        Msg.get(VmText.UNDEFINE_BASE_FIX, defined ? Msg.get(VmText.UNDEFINE_BASE_FIX_KEEP, name) : ""));
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
            throw LabsException.usage(Msg.get(VmText.UNDEFINE_RUNNING, name, rt.get().pid()),
                    Msg.get(VmText.STOP_FIRST_DESTROY, name));
        }
        store.clearRuntime(name);
    }

    private StorageCleaner.Report keepStorage(String name, VmDefinition def, List<String> users) {
        Path dir = store.dir(name);
        try {
            Files.move(dir.resolve(VmStore.DEFINITION), dir.resolve(VmStore.KEPT), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LabsException(Msg.get(VmText.CANNOT_UNDEFINE, name, dir.resolve(VmStore.DEFINITION)),
                    e.toString(), Msg.get(VmText.CHECK_PERMISSIONS_OF, dir));
        }
        String kept = Msg.get(users.isEmpty() ? VmText.KEPT_STORAGE : VmText.KEPT_STORAGE_CLONES, dir,
                def.disk().path(), name, String.join(", ", users));
        return new StorageCleaner.Report(List.of(), List.of(kept));
    }

    private LabsException cannotKeep(String name, String damage, List<String> users) {
        Path dir = store.dir(name);
        if (damage != null) {
            return LabsException.usage(Msg.get(VmText.UNDEFINE_DAMAGED, damage),
                    Msg.get(VmText.REMOVE_WITH_FOLDER, dir, name));
        }
        return LabsException.usage(Msg.get(VmText.NOT_DEFINED_KEPT, name, dir,
                users.isEmpty() ? "" : Msg.get(VmText.HOLDING_BASE, String.join(", ", users))),
                Msg.get(users.isEmpty() ? VmText.REMOVE_IT : VmText.REMOVE_CLONES_THEN, name));
    }
}
