package labs.cpuinfo;

import labs.common.i18n.Msg;
import labs.common.i18n.SummaryText;
import labs.common.i18n.CheckText;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import labs.common.JsonOut;
import labs.cpuinfo.check.DeviceOpener;
import labs.cpuinfo.check.Facts;
import labs.cpuinfo.check.Host;
import labs.cpuinfo.check.KvmModuleCheck;

/**
 * The one answer the launcher needs from vt-check: may Linux guests run under KVM here? vt-check decides it from
 * every check's facts ({@link #decide}); {@link #ofThisMachine()} is the cheap path for every `labs vm start`
 * (no OSHI, no JNA: cpuinfo, /sys/module and an actual open of /dev/kvm), through the same decision.
 *
 * @param kvmUsable  true only when the CPU exposes VT-x/AMD-V, /dev/kvm opens read-write and (when tried) the API works
 * @param reasonCode stable code for --json and meta.json: ok, ok-from-dump, no-hw-virt, hw-virt-disabled-in-firmware,
 *                   not-x86, no-kvm-module, no-dev-kvm, kvm-no-access, kvm-api-broken, cpuinfo-unreadable
 * @param reason     one sentence a student understands
 */
// Databind orders the extra properties by reflection, which varies; this pins the order writeJson uses.
@JsonPropertyOrder({"kvmUsable", "reasonCode", "reason", "exitCode", "accelerator", "kvmOk"})
public record KvmVerdict(boolean kvmUsable, String reasonCode, String reason) implements JsonOut.Writable {
    /** TCG in the run's language (the verdicts people meet most are said through the message catalog). */
    private static String tcg() {
        return Msg.get(SummaryText.VERDICT_TCG);
    }

    public static KvmVerdict ofThisMachine() {
        Host host = Host.thisMachine();
        Facts.Builder f = new Facts.Builder();
        CpuInfo ci = host.cpuinfo();
        f.arch = ci.processors().isEmpty() ? null : ci.arch();
        f.hwVirt = ci.hwVirtCount() > 0;
        f.underHypervisor = ci.first() != null && ci.first().flags().contains("hypervisor");
        new KvmModuleCheck().run(host, f);
        DeviceOpener.Refusal r = DeviceOpener.system().tryOpenReadWrite(Path.of("/dev/kvm"));
        f.devKvmExists = r == null || r.kind() != DeviceOpener.Refusal.Kind.MISSING;
        f.devKvmOpens = r == null;
        return decide(f.build());
    }

    /** The verdict from what the checks found; facts left null (not checked) do not block KVM. */
    public static KvmVerdict decide(Facts f) {
        if (f.arch() == null) {
            return new KvmVerdict(false, "cpuinfo-unreadable", Msg.get(CheckText.VERDICT_UNREADABLE));
        }
        if (f.arch() != Arch.X86_64) {
            return new KvmVerdict(false, "not-x86", Msg.get(CheckText.VERDICT_NOT_X86, f.arch().javaName(),
                    f.arch().kvmNote()));
        }
        if (!Boolean.TRUE.equals(f.hwVirt())) {
            if (f.firmwareDisabledEvidence() != null) {
                return new KvmVerdict(false, "hw-virt-disabled-in-firmware",
                        Msg.get(CheckText.VERDICT_FIRMWARE, f.firmwareDisabledEvidence()) + tcg());
            }
            if (Boolean.TRUE.equals(f.kvmApiWorks())) {
                // kvm_pvm and similar software KVMs: the API works, but QEMU needs VT-x/AMD-V for Linux guests.
                return new KvmVerdict(false, "no-hw-virt", Msg.get(SummaryText.VERDICT_NO_HW_API) + tcg());
            }
            if (Boolean.TRUE.equals(f.devKvmOpens())) {
                return new KvmVerdict(false, "no-hw-virt", Msg.get(SummaryText.VERDICT_NO_HW_DEVKVM) + tcg());
            }
            return new KvmVerdict(false, "no-hw-virt", Msg.get(SummaryText.VERDICT_NO_HW)
                    + (f.underHypervisor() ? Msg.get(SummaryText.VERDICT_NO_HW_HYPERVISOR) : "") + tcg());
        }
        if (!f.live() && f.kvmModulesChecked() && f.kvmVendorModule() == null) {
            return new KvmVerdict(false, "no-kvm-module", Msg.get(CheckText.VERDICT_DUMP_NO_MODULE) + tcg());
        }
        if (!f.live()) {
            return new KvmVerdict(true, "ok-from-dump", Msg.get(CheckText.VERDICT_DUMP_OK, f.kvmVendorModule() != null
                    ? Msg.get(CheckText.VERDICT_DUMP_MODULE, f.kvmVendorModule()) : ""));
        }
        if (Boolean.FALSE.equals(f.devKvmExists())) {
            return f.kvmVendorModule() == null
                    ? new KvmVerdict(false, "no-kvm-module", Msg.get(CheckText.VERDICT_NO_MODULE) + tcg())
                    : new KvmVerdict(false, "no-dev-kvm", Msg.get(SummaryText.VERDICT_NO_DEV_KVM) + tcg());
        }
        if (Boolean.FALSE.equals(f.devKvmOpens())) {
            return new KvmVerdict(false, "kvm-no-access", Msg.get(SummaryText.VERDICT_NO_ACCESS) + tcg());
        }
        if (Boolean.FALSE.equals(f.kvmApiWorks())) {
            return new KvmVerdict(false, "kvm-api-broken", Msg.get(CheckText.VERDICT_API_BROKEN) + tcg());
        }
        return new KvmVerdict(true, "ok", Msg.get(SummaryText.VERDICT_OK)
                + (f.kvmApiWorks() == null ? "" : Msg.get(SummaryText.VERDICT_OK_API)));
    }

    /** What the launcher will use: "kvm" or "tcg". */
    @JsonProperty("accelerator")
    public String accelerator() {
        return kvmUsable ? "kvm" : "tcg";
    }

    /** vt-check's exit status: 0 usable, 1 not usable, 2 inconclusive. */
    @JsonProperty("exitCode")
    public int exitCode() {
        return kvmUsable ? 0 : reasonCode.equals("cpuinfo-unreadable") ? 2 : 1;
    }

    /** kvm-ok's own last line, so scripts written for kvm-ok keep working. */
    @JsonProperty("kvmOk")
    public String kvmOkLine() {
        return kvmUsable ? "KVM acceleration can be used" : "KVM acceleration can NOT be used: " + reason;
    }

    @Override
    public void writeJson(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeBooleanField("kvmUsable", kvmUsable);
        g.writeStringField("reasonCode", reasonCode);
        g.writeStringField("reason", reason);
        g.writeNumberField("exitCode", exitCode());
        g.writeStringField("accelerator", accelerator());
        g.writeStringField("kvmOk", kvmOkLine());
        g.writeEndObject();
    }
}
