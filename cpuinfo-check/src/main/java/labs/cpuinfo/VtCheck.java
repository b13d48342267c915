package labs.cpuinfo;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import labs.common.DaemonTask;
import labs.common.HostRunner;
import labs.common.JsonOut;
import labs.common.Progress;
import labs.cpuinfo.check.Check;
import labs.cpuinfo.check.ContainerCheck;
import labs.cpuinfo.check.CpuCheck;
import labs.cpuinfo.check.DevKvmCheck;
import labs.cpuinfo.check.DeviceOpener;
import labs.cpuinfo.check.Dmi;
import labs.cpuinfo.check.Facts;
import labs.cpuinfo.check.Finding;
import labs.cpuinfo.check.FirmwareCheck;
import labs.cpuinfo.check.Host;
import labs.cpuinfo.check.HypervisorCheck;
import labs.cpuinfo.check.KernelLog;
import labs.cpuinfo.check.KvmApiCheck;
import labs.cpuinfo.check.KvmApiProbe;
import labs.cpuinfo.check.KvmModuleCheck;
import labs.cpuinfo.check.QemuBinaryCheck;
import labs.cpuinfo.check.QemuHostCheck;
import labs.vmm.TinyGuest;

/**
 * Runs every vt-check check against one {@link Host} and decides the verdict. The slow checks (JNA for the KVM
 * API, OSHI for DMI, child processes for dmesg and qemu --version) start first on their own threads, so the
 * wall time is the slowest of them rather than their sum; the report keeps a fixed order.
 */
public final class VtCheck {
    private final List<Slot> slots = new ArrayList<>();
    private final Supplier<HostFingerprint> fingerprint;

    private record Slot(Check check, boolean async) {}

    /** The whole report: lines in order, the verdict, and the fingerprint of the machine (null for a lone cpuinfo). */
    public record Report(String mode, String cpuinfoSource, List<Finding> findings, KvmVerdict verdict,
                         HostFingerprint host, CpuSummary cpu) implements JsonOut.Writable {
        @Override
        public void writeJson(JsonGenerator g) throws IOException {
            g.writeStartObject();
            JsonOut.field(g, "mode", mode);
            JsonOut.field(g, "cpuinfoSource", cpuinfoSource);
            JsonOut.field(g, "findings", findings);
            JsonOut.field(g, "verdict", verdict);
            JsonOut.field(g, "host", host);
            JsonOut.field(g, "cpu", cpu);
            g.writeEndObject();
        }
    }

    /** The book's figures in one place, for --json and the summary. */
    public record CpuSummary(String arch, int processors, int hwVirtCount, String vendor, String model)
            implements JsonOut.Writable {
        @Override
        public void writeJson(JsonGenerator g) throws IOException {
            g.writeStartObject();
            JsonOut.field(g, "arch", arch);
            g.writeNumberField("processors", processors);
            g.writeNumberField("hwVirtCount", hwVirtCount);
            JsonOut.field(g, "vendor", vendor);
            JsonOut.field(g, "model", model);
            g.writeEndObject();
        }

        static CpuSummary of(CpuInfo ci) {
            Processor p = ci.first();
            return new CpuSummary(ci.arch().javaName(), ci.processors().size(), ci.hwVirtCount(),
                    p == null ? "" : p.vendorId(), p == null ? "" : p.modelName());
        }
    }

    private VtCheck(Supplier<HostFingerprint> fingerprint) {
        this.fingerprint = fingerprint;
    }

    /**
     * This machine, with the real devices, JNA, OSHI, dmesg and QEMU.
     *
     * @param out where the tiny guest's run reports a replaced signal handler
     */
    public static VtCheck live(Progress out) {
        KernelLog log = KernelLog.dmesg();
        DeviceOpener opener = DeviceOpener.system();
        return new VtCheck(() -> HostFingerprint.fromProcfs(Path.of("/")))
                .add(new CpuCheck(), false)
                .add(new HypervisorCheck(Dmi.oshi(), log), true)
                .add(new ContainerCheck(), false)
                .add(new KvmModuleCheck(), false)
                .add(new DevKvmCheck(opener, System.getProperty("user.name")), false)
                .add(new KvmApiCheck(KvmApiProbe.jna(), opener, () -> TinyGuest.runTinyGuest(out)), true)
                .add(FirmwareCheck.live(log), true)
                .add(new QemuHostCheck(), false)
                .add(new QemuBinaryCheck(), true);
    }

    /** A saved dump: the same checks; those that need the live machine say SKIP. */
    public static VtCheck dump(Path sysroot) {
        KernelLog none = KernelLog.of(null);
        DeviceOpener opener = DeviceOpener.system();
        return new VtCheck(() -> sysroot == null ? null : HostFingerprint.fromProcfs(sysroot))
                .add(new CpuCheck(), false)
                .add(new HypervisorCheck(Dmi.sysfs(), none), false)
                .add(new ContainerCheck(), false)
                .add(new KvmModuleCheck(), false)
                .add(new DevKvmCheck(opener, System.getProperty("user.name")), false)
                .add(new KvmApiCheck(KvmApiProbe.jna(), opener, () -> TinyGuest.runTinyGuest(Progress.SILENT)), false)
                .add(new FirmwareCheck(none, HostRunner.isRoot()), false)
                .add(new QemuHostCheck(), false)
                .add(new QemuBinaryCheck(), false);
    }

    /** For tests: only the given checks, no fingerprint. */
    public static VtCheck of(List<Check> checks) {
        VtCheck v = new VtCheck(() -> null);
        checks.forEach(c -> v.add(c, false));
        return v;
    }

    /** Adds a check to the end of the report; async: it runs on its own thread (tests build their own mixes). */
    public VtCheck add(Check c, boolean async) {
        slots.add(new Slot(c, async));
        return this;
    }

    public Report run(Host host) {
        Facts.Builder base = new Facts.Builder();
        base.live = host.live();
        // Each check records into its own builder: an async check's starts from nothing known, so what it finds
        // never depends on how far the others got; a check run in order starts from what those before it found.
        List<Facts.Builder> found = new ArrayList<>();
        List<CompletableFuture<List<Finding>>> results = new ArrayList<>();
        for (Slot s : slots) {
            Facts.Builder own = Facts.Builder.from(base.build());
            found.add(own);
            results.add(s.async() ? async(() -> s.check().run(host, own)) : null);
        }
        CompletableFuture<HostFingerprint> fp = async(fingerprint);
        Facts.Builder known = Facts.Builder.from(base.build());
        for (int i = 0; i < slots.size(); i++) {
            if (results.get(i) == null) {
                Facts.Builder own = Facts.Builder.from(known.build());
                found.set(i, own);
                results.set(i, CompletableFuture.completedFuture(slots.get(i).check().run(host, own)));
                known.merge(own);
            }
        }
        List<Finding> findings = new ArrayList<>();
        results.forEach(r -> findings.addAll(r.join()));
        // Merged in the report's order once every check has finished (join: their writes are visible here).
        Facts.Builder all = Facts.Builder.from(base.build());
        found.forEach(all::merge);
        return new Report(host.live() ? "live" : "dump", host.cpuinfoOrigin(), List.copyOf(findings),
                KvmVerdict.decide(all.build()), fp.join(), CpuSummary.of(host.cpuinfo()));
    }

    private static <T> CompletableFuture<T> async(Supplier<T> task) {
        return DaemonTask.start("vt-check", task);
    }
}
