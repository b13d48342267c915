package labs.cpuinfo.check;

import java.util.ArrayList;
import java.util.List;
import labs.cpuinfo.Hypervisors;
import labs.common.i18n.Msg;
import labs.cpuinfo.Processor;

import static labs.common.i18n.CheckText.*;

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
            evidence.add(Msg.get(HV_FLAG));
        }
        String named = Hypervisors.fromDmi(d.vendor(), d.product());
        if (named != null) {
            evidence.add("DMI \"" + d.vendor() + "\" / \"" + d.product() + "\"");
        }
        if (!hvType.isEmpty()) {
            evidence.add("/sys/hypervisor/type=" + hvType);
        }
        if (detected != null) {
            evidence.add(Msg.get(HV_LOG, detected));
        }
        String dmiText = d.isEmpty() ? (host.hasFiles() ? Msg.get(HV_NO_DMI) : Msg.get(HV_DMI_NOT_DUMPED))
                : "DMI \"" + d.vendor() + "\" / \"" + d.product() + "\"";
        if (evidence.isEmpty()) {
            return List.of(Finding.pass("host.hypervisor", Msg.get(HV_NONE, dmiText)));
        }
        facts.underHypervisor = true;
        String name = named != null ? named : detected != null ? detected : !hvType.isEmpty() ? hvType
                : Msg.get(HV_UNNAMED);
        if (host.live() && labs.common.EmulatedAmdV.inside()) {
            // the caveat every figure measured there carries (EmulatedAmdV.CAVEAT), in the run's language
            return List.of(Finding.of(Status.NOTE, "host.hypervisor", Msg.get(HV_AMDV, String.join(", ", evidence)),
                    Msg.get(AMDV_CAVEAT), Msg.get(HV_AMDV_FIX)));
        }
        return List.of(Finding.of(Status.NOTE, "host.hypervisor", Msg.get(HV_VM, name, String.join(", ", evidence)
                + (named == null ? "; " + dmiText : "")), Msg.get(HV_VM_WHY), Msg.get(HV_VM_FIX)));
    }
}
