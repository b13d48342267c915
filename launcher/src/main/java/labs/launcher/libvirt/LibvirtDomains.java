package labs.launcher.libvirt;

import java.util.ArrayList;
import java.util.List;
import labs.common.ExecResult;
import labs.common.LabsException;
import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;
import labs.launcher.AccelChoice;
import labs.launcher.CacheMode;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmDisk;
import labs.launcher.vm.VmName;
import labs.launcher.vm.VmState;
import labs.launcher.vm.VmStatus;

/** The domains of one libvirt connection as labs sees them: which are labs', their state, the list. */
final class LibvirtDomains {
    private final Virsh virsh;

    LibvirtDomains(Virsh virsh) { this.virsh = virsh; }

    /** virsh domstate's words. */
    enum DomState {
        RUNNING, PAUSED, SHUTTING_DOWN, SHUT_OFF, CRASHED, OTHER;

        static DomState of(String text) {
            return switch (text.strip()) {
                case "running", "idle", "blocked" -> RUNNING;
                case "paused", "pmsuspended" -> PAUSED;
                case "in shutdown" -> SHUTTING_DOWN;
                case "shut off" -> SHUT_OFF;
                case "crashed" -> CRASHED;
                default -> OTHER;
            };
        }

        /** A qemu process exists for it. */
        boolean live() { return this != SHUT_OFF && this != CRASHED; }

        VmState label() {
            return switch (this) {
                case RUNNING -> VmState.RUNNING;
                case PAUSED -> VmState.PAUSED;
                case SHUTTING_DOWN -> VmState.SHUTDOWN;
                case CRASHED -> VmState.CRASHED;
                default -> VmState.SHUT_OFF;
            };
        }
    }

    /**
     * {@link VmName#check}, and exit 2 for a name virsh would not read as a name: it looks a domain argument up as
     * an ID first (all digits), then as a UUID (32 hex digits, '-' anywhere), so `virsh destroy 1` would destroy the
     * running domain with ID 1 rather than the one named "1".
     */
    static String checkName(String name) {
        VmName.check(name);
        String why = name.matches("[0-9]+") ? Msg.get(LauncherText.LVNAME_NUMBER_WHY)
                : name.replace("-", "").matches("[0-9A-Fa-f]{32}") ? Msg.get(LauncherText.LVNAME_UUID_WHY) : null;
        if (why != null) {
            throw LabsException.usage(Msg.get(LauncherText.LVNAME_UNUSABLE, name, why),
                    Msg.get(LauncherText.LVNAME_UNUSABLE_FIX, "vm" + name));
        }
        return name;
    }

    /** Exit 2 if the name is a domain already (labs' or not): create and clone never overwrite one. */
    void refuseTaken(String name) {
        checkName(name);
        ExecResult r = virsh.tryRun("dumpxml", "--inactive", name);
        if (!r.ok()) {
            return;
        }
        if (LabsDomain.of(r.stdout()).labs()) {
            throw LabsException.usage(Msg.get(LauncherText.LV_EXISTS, name, virsh.uri().text()),
                    Msg.get(LauncherText.LV_EXISTS_FIX, "labs vm undefine " + name + " --remove-all-storage --connect "
                            + virsh.uri().text()));
        }
        throw LabsException.usage(Msg.get(LauncherText.LV_NAME_TAKEN, name, virsh.uri().text()),
                Msg.get(LauncherText.LV_NAME_TAKEN_FIX, virsh.commandLine("list", "--all")));
    }

    /** The labs domain of that name, or exit 2: no such domain, or one labs did not make (left alone). */
    LabsDomain labs(String name) {
        checkName(name);
        ExecResult r = virsh.tryRun("dumpxml", name);
        if (!r.ok()) {
            throw LabsException.usage(Msg.get(LauncherText.LV_NO_SUCH_VM, name, virsh.uri().text(), Virsh.errorText(r)),
                    Msg.get(LauncherText.LV_NO_SUCH_VM_FIX, "labs vm list --connect " + virsh.uri().text()));
        }
        LabsDomain d = LabsDomain.of(r.stdout());
        if (!d.labs()) {
            throw LabsException.usage(Msg.get(LauncherText.LV_NOT_LABS, name, virsh.uri().text()),
                    Msg.get(LauncherText.LV_NOT_LABS_FIX, virsh.commandLine("start", name),
                            "labs vm create NAME --connect " + virsh.uri().text()));
        }
        return d;
    }

    DomState state(String name) {
        return DomState.of(virsh.run("domstate", name));
    }

    /** Every domain, as virsh list --all shows them; the ones labs did not make say so in their note. */
    List<VmStatus> list() {
        List<VmStatus> rows = new ArrayList<>();
        // by UUID: a domain named "1" (made with virsh) would otherwise be read as the domain with ID 1
        for (String uuid : virsh.run("list", "--all", "--uuid").split("\n")) {
            if (uuid.isBlank()) {
                continue;
            }
            ExecResult xml = virsh.tryRun("dumpxml", uuid.strip());
            ExecResult st = virsh.tryRun("domstate", uuid.strip());
            if (!xml.ok() || !st.ok()) {
                continue;   // undefined between the list and now
            }
            LabsDomain d = LabsDomain.of(xml.stdout());
            VmState state = DomState.of(st.stdout()).label();
            if (!d.labs()) {
                rows.add(new VmStatus(d.name(), state, null, null, d.vcpus(), d.cpuset(), d.memoryMiB(), null, null,
                        Msg.get(LauncherText.LV_NOTE_NOT_LABS)));
                continue;
            }
            VmDefinition def = new VmDefinition(d.name(), null, d.vcpus(), List.of(), d.memoryMiB(),
                    VmDisk.standalone(d.dataDisk(), d.dataFormat(), 0, CacheMode.NONE), null, null, AccelChoice.AUTO,
                    false, null);
            rows.add(new VmStatus(d.name(), state, null, d.accelerator(), d.vcpus(), d.cpuset(), d.memoryMiB(), def,
                    null));
        }
        return rows;
    }
}
