package labs.cli.vm;

import java.util.List;
import labs.common.Json;
import labs.common.Ui;
import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import labs.launcher.BootTimeout;
import labs.launcher.Launcher;
import labs.launcher.VmEngine;
import labs.launcher.vm.CloneMaker;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmState;
import labs.launcher.vm.VmStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code labs vm list}: virsh list --all. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Show the VMs: state, qemu pid, accelerator, vCPUs, memory (virsh list --all).", "",
            "Show every defined VM with its state, qemu pid, accelerator, vCPUs and memory (like " +
            "virsh list --all). The state is checked against /proc (pid, process start time, and that the " +
            "process is this VM's qemu), so it is true even after qemu or labs was killed with kill -9; stale " +
            "sockets are cleaned up. 'storage only' is an undefined VM whose folder was kept (with the base image " +
            "linked clones read, if any): remove it with labs vm undefine NAME --remove-all-storage. 'damaged' is " +
            "a VM whose definition.json cannot be read: labs vm destroy and undefine --remove-all-storage still " +
            "work on it.", ""},
        footer = {"", "virsh equivalent: virsh list --all     see the processes: ps ax | grep qemu-system"})
final class ListVmsCommand implements Runnable {
    @Mixin
    ConnectOption connect;

    @Option(names = "--json", description = "Print JSON (name, state, pid, accelerator, vcpus, cpuset, memory).")
    boolean json;

    @Override
    public void run() {
        BootTimeout.warnOnlyInThisProcess(Ui.TERMINAL);   // list boots nothing: a bad LABS_BOOT_TIMEOUT must not hide VMs
        VmEngine launcher = connect.open();
        List<VmStatus> vms = launcher.list();
        if (json) {
            var rows = Json.MAPPER.createArrayNode();
            for (VmStatus s : vms) {
                var row = rows.addObject().put("name", s.name()).put("state", s.state().label());
                if (s.pid() != null && s.runtime() != null) {
                    row.put("pid", s.pid()).put("accelerator", s.accelerator().qemuName());
                    row.putPOJO("vcpuThreads", s.runtime().vcpuThreadIds());
                }
                if (s.note() != null) {
                    row.put("note", s.note());
                }
                if (s.definition() != null) {
                    row.put("vcpus", s.vcpus()).put("cpuset", s.cpuset()).put("memoryMiB", s.memoryMiB())
                            .put("disk", s.definition().disk().path().toString());
                }
            }
            System.out.println(rows.toPrettyString());
            return;
        }
        if (vms.isEmpty()) {
            System.out.println(Msg.get(VmText.LIST_EMPTY, launcher.where(), connect.suffix()));
            return;
        }
        table(launcher, vms);
        for (VmStatus s : vms) {
            if (s.note() != null) {
                System.out.println(Msg.get(VmText.LIST_NOTE, s.name(), s.state().shown(), s.note()));
            }
        }
    }

    /**
     * virsh list's table, headers and states in the user's language. Names may have up to 64 characters: the
     * columns grow with the longest one (and with a header wider than the column, in Japanese) rather than break.
     */
    private static void table(VmEngine launcher, List<VmStatus> vms) {
        String[] head = {Msg.get(VmText.HEAD_NAME), Msg.get(VmText.HEAD_STATE), "PID", Msg.get(VmText.HEAD_ACCEL),
            Msg.get(VmText.HEAD_VCPUS), "cpuset", Msg.get(VmText.HEAD_MEMORY), Msg.get(VmText.HEAD_DISK)};
        int[] w = {16, 9, 8, 6, 6, 7, 8};
        for (VmStatus s : vms) {
            w[0] = Math.max(w[0], Columns.width(s.name()));
            w[1] = Math.max(w[1], Columns.width(s.state().shown()));
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.max(w[i], Columns.width(head[i]));
        }
        System.out.println(row(w, head));
        for (VmStatus s : vms) {
            VmDefinition def = s.definition();
            System.out.println(row(w, s.name(), s.state().shown(), s.pid() == null ? "-" : s.pid().toString(),
                    s.accelerator() == null ? "-" : s.accelerator().qemuName(),
                    def == null ? "-" : Integer.toString(s.vcpus()),
                    s.cpuset().isEmpty() ? "-" : s.cpuset(), def == null ? "-" : s.memoryMiB() + " MiB",
                    def == null ? "-" : disk(launcher, s)));
        }
    }

    /** One line: name, state left-aligned; PID right; accelerator left; vCPUs, memory right; cpuset left; disk. */
    private static String row(int[] w, String... c) {
        return Columns.left(c[0], w[0]) + " " + Columns.left(c[1], w[1]) + " " + Columns.right(c[2], w[2]) + " "
                + Columns.left(c[3], w[3]) + " " + Columns.right(c[4], w[4]) + " " + Columns.left(c[5], w[5]) + " "
                + Columns.right(c[6], w[6]) + "  " + c[7];
    }

    private static String disk(VmEngine launcher, VmStatus s) {
        VmDefinition def = s.definition();
        String text = def.disk().path() + (def.disk().linked() ? Msg.get(VmText.DISK_ON, def.disk().backingFile())
                : "");
        if (s.state() == VmState.STORAGE_ONLY && launcher instanceof Launcher builtIn) {
            List<String> users = CloneMaker.usersOfBase(builtIn.store(), s.name());
            text += users.isEmpty() ? "" : Msg.get(VmText.DISK_BASE_OF, String.join(", ", users));
        }
        return text;
    }
}
