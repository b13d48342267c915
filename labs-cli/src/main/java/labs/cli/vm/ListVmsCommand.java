package labs.cli.vm;

import java.util.List;
import labs.common.Json;
import labs.launcher.Launcher;
import labs.launcher.vm.VmStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code labs vm list}: virsh list --all. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Show the VMs: state, qemu pid, accelerator, vCPUs, memory (virsh list --all).", "",
            "Show every defined VM with its state, qemu pid, accelerator, vCPUs and memory (like " +
            "virsh list --all). The state is checked against /proc (pid and process start time), so it is true " +
            "even after qemu or labs was killed with kill -9; stale sockets are cleaned up.", ""},
        footer = {"", "virsh equivalent: virsh list --all     see the processes: ps ax | grep qemu-system"})
final class ListVmsCommand implements Runnable {
    @Option(names = "--json", description = "Print JSON (name, state, pid, accelerator, vcpus, cpuset, memory).")
    boolean json;

    @Override
    public void run() {
        Launcher launcher = Launcher.openDefault();
        List<VmStatus> vms = launcher.list();
        if (json) {
            var rows = Json.MAPPER.createArrayNode();
            for (VmStatus s : vms) {
                var row = rows.addObject().put("name", s.name()).put("state", s.state().label());
                if (s.pid() != null) {
                    row.put("pid", s.pid()).put("accelerator", s.accelerator().qemuName());
                    row.putPOJO("vcpuThreads", s.runtime().vcpuThreadIds());
                }
                if (s.note() != null) {
                    row.put("note", s.note());
                }
                row.put("vcpus", s.vcpus()).put("cpuset", s.cpuset()).put("memoryMiB", s.memoryMiB())
                        .put("disk", s.definition().disk().path().toString());
            }
            System.out.println(rows.toPrettyString());
            return;
        }
        if (vms.isEmpty()) {
            System.out.println("No VMs defined in " + launcher.store().root() + ". Create one: labs vm create vm1");
            return;
        }
        System.out.printf("%-16s %-14s %8s %-6s %6s %-7s %8s  %s%n", "Name", "State", "PID", "Accel", "vCPUs",
                "cpuset", "Memory", "Disk");
        for (VmStatus s : vms) {
            System.out.printf("%-16s %-14s %8s %-6s %6d %-7s %5d MiB  %s%n", s.name(), s.state().label(),
                    s.pid() == null ? "-" : s.pid().toString(),
                    s.accelerator() == null ? "-" : s.accelerator().qemuName(), s.vcpus(),
                    s.cpuset().isEmpty() ? "-" : s.cpuset(), s.memoryMiB(), s.definition().disk().path()
                            + (s.definition().disk().linked() ? " (on " + s.definition().disk().backingFile() + ")"
                            : ""));
        }
        for (VmStatus s : vms) {
            if (s.note() != null) {
                System.out.println(s.name() + " is " + s.state().label() + ": " + s.note());
            }
        }
    }
}
