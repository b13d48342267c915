package labs.lab;

import labs.common.i18n.ProgressText;
import labs.common.i18n.LabText;
import labs.common.i18n.Msg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.CommandRunner;
import labs.common.HostRunner;
import labs.common.Ui;
import labs.fio.FioJob;
import labs.fio.FioRunner;
import labs.fio.NamedSide;
import labs.fio.PairedBench;
import labs.fio.PairedFigure;
import labs.fio.SideBench;
import labs.fio.sysstat.Window;
import labs.launcher.AccelChoice;
import labs.launcher.Accelerator;
import labs.launcher.CacheMode;
import labs.launcher.RunningVm;
import labs.launcher.VmSpec;

/** io-compare's measurements: both test files, the guest booted once, every job in host/guest pairs. */
final class IoCompareGuest {
    /**
     * What the report needs to know about where the figures came from.
     *
     * @param findings what the guest-faster checks found (empty when no guest came out faster)
     */
    record Sides(Accelerator accelerator, String hostDisk, List<String> findings) {}

    private IoCompareGuest() {}

    static Sides measure(LabRun run, IoComparePlan plan, String guestDir, IoCompareLab.Measured m) throws Exception {
        Path raw = run.raw();
        LabGuest vm = run.guest(IoCompareLab.LAB + "-" + run.path().getFileName())
                .keepConsoleAt(raw.resolve("guest-console.log"));
        // The guest is defined first: its disk image's folder is where the host's test file goes.
        Ui.progress(ProgressText.DEFINING_IO_GUEST, vm.name, plan.format().qemuName(),
                plan.cache().qemuName());
        var def = vm.create(new VmSpec(vm.name, 1, List.of(), VmSpec.DEFAULT_MEMORY_MIB,
                plan.filesize() / FioJob.MIB + Math.max(256, plan.filesize() / FioJob.MIB / 4), plan.format(),
                plan.cache(), AccelChoice.AUTO, false));
        Path hostDir = run.launcher.hostFolder(def);
        Path hostFile = hostDir.resolve("host-testfile.bin");
        run.meta.notes.add("host test file " + hostFile + " lies in the same folder (same filesystem) as the guest's "
                + "disk image " + def.disk().path());
        CommandRunner hostSide = run.launcher.host();   // on a remote libvirt host: there, over the URI's ssh
        RemoteHalf.record(run, hostSide, RemoteHalf.IO_COMPARE);
        FioRunner hostFio = new FioRunner(hostSide, "fio", hostDir.toString(), Duration.ofMinutes(30));
        SideBench host = new SideBench(hostSide, hostFio, raw, Ui.TERMINAL);
        host.fill(hostFile.toString(), plan.filesize());

        Ui.progress(ProgressText.STARTING_GUEST, vm.name);
        try (RunningVm running = vm.start()) {
            NamedSide guestSide = vm.watched(running, plan.cache() == CacheMode.NONE
                    ? Msg.get(LabText.WATCHED_TRY_WRITEBACK, "--cache writeback") : null);
            if (running.accelerator() == Accelerator.TCG) {
                run.meta.notes.add("the guest ran under TCG (emulation): guest/host ratios show emulation cost, "
                        + "not KVM's");
            }
            run.meta.versions.put("fio (guest)", Versions.of(guestSide, "fio", "--version"));
            run.meta.versions.put("sysstat (guest)", Versions.of(guestSide, "mpstat", "-V"));
            run.save();
            FioRunner guestFio = new FioRunner(guestSide, "fio", guestDir, Duration.ofMinutes(60));
            SideBench guest = new SideBench(guestSide, guestFio, raw, Ui.TERMINAL);
            String guestFile = guestDir + "/labs-testfile.bin";
            guest.fill(guestFile, plan.filesize());
            pairs(run, plan, m, host, guest, hostFile.toString(), guestFile);
            windows(run, plan, m, hostSide, hostFio, guestFio, guestSide, hostFile.toString(), guestFile);
            List<String> findings = m.figures().stream().anyMatch(PairedFigure::guestFaster)
                    && run.launcher.remoteHost() == null
                    ? new GuestFasterCheck(plan.cache(), hostFile, def.disk().path(), guestSide, guestFile).run()
                    : List.of();
            return new Sides(running.accelerator(), run.launcher.remoteHost() == null ? HostDisk.of(hostFile)
                    : "on " + run.launcher.remoteHost() + ", " + hostDir, findings);
        } finally {
            RemoteHalf.delete(hostSide, hostFile);
        }
    }

    private static void pairs(LabRun run, IoComparePlan plan, IoCompareLab.Measured m, SideBench host,
                              SideBench guest, String hostFile, String guestFile) throws Exception {
        PairedBench bench = new PairedBench(host, guest, plan.rule());
        for (FioJob job : plan.jobs(hostFile)) {
            m.figures().add(bench.run(job, job.on(guestFile), m.rows(), m.pairs()));
            run.meta.notes.addAll(host.notes());
            run.meta.notes.addAll(guest.notes());
            host.notes().clear();
            guest.notes().clear();
            IoCompareLab.saveTables(run.dir, m);
            run.save();
        }
    }

    /** A random read on each side while sysstat watches: on the host alone, then in the guest with the host too. */
    private static void windows(LabRun run, IoComparePlan plan, IoCompareLab.Measured m, CommandRunner hostSide,
                                FioRunner hostFio, FioRunner guestFio, CommandRunner guestSide, String hostFile,
                                String guestFile) throws Exception {
        Path raw = run.raw();
        Window.during("host-randread", List.of(hostSide), plan.windowSec(), true, raw, m.sysstat(),
                () -> hostFio.run(plan.windowJob(hostFile), raw.resolve("host-window-fio.json")));
        Window.during("guest-randread", List.of(hostSide, guestSide), plan.windowSec(), true, raw,
                m.sysstat(), () -> guestFio.run(plan.windowJob(guestFile), raw.resolve("guest-window-fio.json")));
        IoCompareLab.saveTables(run.dir, m);
    }
}
