package labs.cli.vm;

import java.util.List;
import labs.common.Json;
import labs.common.Ui;
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
            System.out.println("No VMs defined in " + launcher.where() + ". Create one: labs vm create vm1"
                    + connect.suffix());
            return;
        }
        // Names may have up to 64 characters: the columns grow with the longest one rather than break.
        int nameWidth = Math.max(16, vms.stream().mapToInt(s -> s.name().length()).max().orElse(0));
        int stateWidth = Math.max(9, vms.stream().mapToInt(s -> s.state().label().length()).max().orElse(0));
        String head = "%-" + nameWidth + "s %-" + stateWidth + "s %8s %-6s %6s %-7s %8s  %s%n";
        System.out.printf(head, "Name", "State", "PID", "Accel", "vCPUs", "cpuset", "Memory", "Disk");
        for (VmStatus s : vms) {
            VmDefinition def = s.definition();
            System.out.printf(head, s.name(), s.state().label(), s.pid() == null ? "-" : s.pid().toString(),
                    s.accelerator() == null ? "-" : s.accelerator().qemuName(),
                    def == null ? "-" : Integer.toString(s.vcpus()),
                    s.cpuset().isEmpty() ? "-" : s.cpuset(), def == null ? "-" : s.memoryMiB() + " MiB",
                    def == null ? "-" : disk(launcher, s));
        }
        for (VmStatus s : vms) {
            if (s.note() != null) {
                System.out.println(s.name() + " is " + s.state().label() + ": " + s.note());
            }
        }
    }

    private static String disk(VmEngine launcher, VmStatus s) {
        VmDefinition def = s.definition();
        String text = def.disk().path() + (def.disk().linked() ? " (on " + def.disk().backingFile() + ")" : "");
        if (s.state() == VmState.STORAGE_ONLY && launcher instanceof Launcher builtIn) {
            List<String> users = CloneMaker.usersOfBase(builtIn.store(), s.name());
            text += users.isEmpty() ? "" : " [base of " + String.join(", ", users) + "]";
        }
        return text;
    }
}
