package labs.cpuinfo.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import labs.common.i18n.Msg;
import labs.vmm.GuestRunProof;
import labs.vmm.kvm.Kvm;

import static labs.common.i18n.CheckText.*;

/**
 * The KVM API through JNA: API version 12, KVM_CREATE_VM, a vCPU, a handful of capabilities, and then a few bytes
 * of real guest code run by labs' tiny VMM, which turns "the API answers" into "a guest ran".
 */
public final class KvmApiCheck implements Check {
    private final KvmApiProbe probe;
    private final DeviceOpener opener;
    private final Supplier<GuestRunProof> tinyGuest;

    public KvmApiCheck(KvmApiProbe probe, DeviceOpener opener, Supplier<GuestRunProof> tinyGuest) {
        this.probe = probe;
        this.opener = opener;
        this.tinyGuest = tinyGuest;
    }

    @Override
    public List<Finding> run(Host host, Facts.Builder facts) {
        if (!host.live()) {
            return List.of(Finding.of(Status.SKIP, "kvm.api", Msg.get(API_DUMP), Msg.get(API_DUMP_WHY),
                    Msg.get(RUN_THERE, "labs run vt-check")));
        }
        // The cheap open first: no JNA load when /dev/kvm is missing or refused (the dev-kvm line says why).
        if (opener.tryOpenReadWrite(host.path(Kvm.DEVICE)) != null) {
            facts.kvmApiWorks = false;
            return List.of(Finding.of(Status.SKIP, "kvm.api", Msg.get(API_NO_OPEN), Msg.get(API_NO_OPEN_WHY),
                    Msg.get(API_NO_OPEN_FIX)));
        }
        KvmApiProbe.ApiReport r = probe.probe(host.path(Kvm.DEVICE).toString());
        List<Finding> out = new ArrayList<>();
        boolean ok = r.error() == null && r.apiVersion() == Kvm.EXPECTED_API_VERSION && r.vmCreated()
                && r.vcpuCreated();
        facts.kvmApiWorks = ok;
        String steps = "KVM_GET_API_VERSION = " + r.apiVersion() + (r.vmCreated() ? ", KVM_CREATE_VM ok" : "")
                + (r.vcpuCreated() ? ", KVM_CREATE_VCPU ok" : "")
                + (r.vcpuMmapSize() > 0 ? Msg.get(API_RUN_AREA, r.vcpuMmapSize()) : "");
        if (ok) {
            out.add(Finding.pass("kvm.api", steps));
        } else if (r.error() == null) {
            out.add(Finding.of(Status.FAIL, "kvm.api", steps, Msg.get(API_VERSION_WHY, r.apiVersion()),
                    Msg.get(API_VERSION_FIX, "ls -l /dev/kvm; ls /sys/module | grep kvm")));
        } else {
            out.add(Finding.of(Status.FAIL, "kvm.api", Msg.get(API_THEN, steps, r.error()), Msg.get(API_REFUSED_WHY),
                    Msg.get(API_REFUSED_FIX, "sudo dmesg | grep -i kvm")));
        }
        if (ok) {
            out.add(guestRun(tinyGuest.get()));
        }
        if (!r.capabilities().isEmpty()) {
            String caps = r.capabilities().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
            List<String> missing = r.capabilities().entrySet().stream()
                    .filter(e -> e.getValue() == 0 && List.of("USER_MEMORY", "IRQCHIP", "IOEVENTFD",
                            "IMMEDIATE_EXIT").contains(e.getKey())).map(e -> e.getKey()).toList();
            if (missing.isEmpty()) {
                out.add(Finding.pass("kvm.caps", "KVM_CHECK_EXTENSION: " + caps));
            } else {
                out.add(Finding.of(Status.WARN, "kvm.caps", "KVM_CHECK_EXTENSION: " + caps,
                        Msg.get(API_CAPS_WHY, missing), Msg.get(API_CAPS_FIX)));
            }
        }
        return out;
    }

    /**
     * A WARN, not a FAIL, when the tiny guest does not run: the verdict is about QEMU's needs (the API), and a
     * machine whose KVM refuses this guest still boots Linux guests through QEMU.
     */
    static Finding guestRun(GuestRunProof proof) {
        if (proof.ran()) {
            return Finding.pass("kvm.guest-run", proof.summary());
        }
        return Finding.of(Status.WARN, "kvm.guest-run", proof.summary(), Msg.get(API_GUEST_WHY),
                Msg.get(API_GUEST_FIX, "labs run vm-exit --quick --debug"));
    }
}
