package labs.cpuinfo.check;

import java.util.ArrayList;
import java.util.List;
import labs.cpuinfo.Hypervisors;
import labs.cpuinfo.Processor;

/** Is this machine itself a VM, and under which hypervisor? (hypervisor flag, DMI, /sys/hypervisor, kernel log) */
public final class HypervisorCheck implements Check {
    private final Dmi.Source dmi;
    private final KernelLog log;

    public HypervisorCheck(Dmi.Source dmi, KernelLog log) {
        this.dmi = dmi;
        this.log = log;
    }

    @Override
    public List<Finding> run(Host host, Facts.Builder facts) {
        Processor p0 = host.cpuinfo().first();
        boolean flag = p0 != null && p0.flags().contains("hypervisor");
        Dmi d = host.hasFiles() ? dmi.read(host) : new Dmi("", "");
        String hvType = host.read("/sys/hypervisor/type");
        String detected = null;
        List<String> lines = host.live() ? log.lines() : null;
        if (lines != null) {
            for (String l : lines) {
                int i = l.indexOf("Hypervisor detected: ");
                if (i >= 0) {
                    detected = l.substring(i + "Hypervisor detected: ".length()).strip();
                }
            }
        }
        List<String> evidence = new ArrayList<>();
        if (flag) {
            evidence.add("cpuinfo flag `hypervisor`");
        }
        String named = Hypervisors.fromDmi(d.vendor(), d.product());
        if (named != null) {
            evidence.add("DMI \"" + d.vendor() + "\" / \"" + d.product() + "\"");
        }
        if (!hvType.isEmpty()) {
            evidence.add("/sys/hypervisor/type=" + hvType);
        }
        if (detected != null) {
            evidence.add("kernel log \"Hypervisor detected: " + detected + "\"");
        }
        String dmiText = d.isEmpty() ? (host.hasFiles() ? "no DMI tables" : "DMI not in the dump")
                : "DMI \"" + d.vendor() + "\" / \"" + d.product() + "\"";
        if (evidence.isEmpty()) {
            return List.of(Finding.pass("host.hypervisor", "no hypervisor detected (no `hypervisor` flag, "
                    + dmiText + ", no /sys/hypervisor): bare metal"));
        }
        facts.underHypervisor = true;
        String name = named != null ? named : detected != null ? detected : !hvType.isEmpty() ? hvType
                : "a hypervisor that does not name itself";
        if (host.live() && labs.common.EmulatedAmdV.inside()) {
            return List.of(Finding.of(Status.NOTE, "host.hypervisor", "this is labs' emulated AMD-V machine, a QEMU "
                    + "TCG guest with -cpu max (" + String.join(", ", evidence) + ")",
                    labs.common.EmulatedAmdV.CAVEAT, "none: guests started here run under KVM, as on a machine "
                    + "with AMD-V; for KVM's speed use a machine (or VM) with VT-x/AMD-V"));
        }
        return List.of(Finding.of(Status.NOTE, "host.hypervisor", "this machine is a virtual machine under "
                + name + " (" + String.join(", ", evidence) + (named == null ? "; " + dmiText : "") + ")",
                "guests started here are nested: KVM needs the outer hypervisor to pass VT-x/AMD-V through",
                "none for the labs (they fall back to TCG); for KVM, enable nested virtualization on the outer host"));
    }
}
