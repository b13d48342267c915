package labs.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import labs.charts.ChartStyle;
import labs.charts.IoCompareCharts;
import labs.charts.Lang;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.ResultsDir;
import labs.common.RunMeta;
import labs.common.Ui;
import labs.cpuinfo.HostFingerprint;
import labs.fio.FioCsv;
import labs.fio.FioJob;
import labs.fio.FioRunner;
import labs.fio.Measurement;
import labs.fio.NamedSide;
import labs.fio.Rw;
import labs.fio.SideBench;
import labs.fio.SummaryTable;
import labs.fio.sysstat.SysstatCsv;
import labs.fio.sysstat.Window;
import labs.launcher.Accelerator;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.Launcher;
import labs.launcher.RunningVm;
import labs.launcher.VmSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The book's storage experiment (virt-phys-ssd-data): the same fio jobs on the physical machine and inside a
 * guest whose disk image lies on the same host filesystem, then bandwidth and IOPS side by side.
 */
@Command(name = "io-compare", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Storage host vs guest: the book's fio jobs on the host, then in a guest.",
            "",
            "Protocol (the book's virtualization chapter, virt-phys-ssd-data):",
            " 1. A test file is written with data on the host, in the folder of the",
            "    guest's disk image (same filesystem, same device).",
            " 2. On the host, before every run the page cache is dropped (when allowed):",
            "    sequential: fio --direct=1 --fsync=1 --bs=1m --size=128MiB over a",
            "                1 GiB file, read and write;",
            "    random:     fio --direct=1 --bs=4k --size=4MiB, randread and",
            "                randwrite, numjobs 1 2 4 8 16.",
            " 3. A guest boots; the same file size and jobs run on its data disk (/data).",
            " 4. Every job is repeated (--repeat): median and spread. While a random read",
            "    runs a few seconds, mpstat and iostat record host and guest at once.",
            "",
            "Output: results/io-compare/<timestamp>/: meta.json; fio.csv (one row per",
            "side x workload x numjobs x repetition); sysstat-cpu.csv; sysstat-disk.csv;",
            "raw/ (every fio and sysstat JSON, the guest's console log); PNG charts.",
            "Under TCG (no usable KVM) the guest is emulated: its figures show emulation",
            "cost, not KVM's.",
            ""},
        footer = {"", "First look (about a minute):  labs run io-compare --quick",
            "The host page cache making a guest look fast:  labs run io-compare --cache writeback"})
public final class IoCompareLab implements Callable<Integer> {
    static final String LAB = "io-compare";
    static final long MAX_FILESIZE = 64L * FioJob.GIB;

    @Mixin
    LabOptions lab;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
            description = "Runs of every job on each side (median and spread; default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--quick", description = "Small sizes, numjobs 1 and 4, one repetition: a first look and the tests.")
    boolean quick;

    @Option(names = "--disk-format", paramLabel = "raw|qcow2", defaultValue = "qcow2",
            description = "Format of the guest's disk image (default ${DEFAULT-VALUE}).")
    String diskFormat;

    @Option(names = "--cache", paramLabel = "none|writeback", defaultValue = "none",
            description = "QEMU disk cache: none bypasses the host page cache (measures the device); writeback lets "
                    + "it absorb writes (default ${DEFAULT-VALUE}).")
    String cache;

    @Option(names = "--filesize", paramLabel = "MiB",
            description = "Test file size in MiB on each side (default 1024, --quick 64).")
    Long filesizeMiB;

    @Option(names = "--numjobs", paramLabel = "N,N...", split = ",",
            description = "Parallelism of the random jobs (default 1,2,4,8,16; --quick 1,4).")
    List<Integer> numjobs;

    @Option(names = "--guest-dir", paramLabel = "DIR", defaultValue = "/data",
            description = "Folder inside the guest for its test file (default ${DEFAULT-VALUE}: the data disk, which "
                    + "lies on the host filesystem next to the host's test file).")
    String guestDir;

    @Mixin
    LangOption lang;

    @Override
    public Integer call() throws Exception {
        // 1. Check every option before anything runs: nothing is created on bad input.
        Plan plan = plan();
        Lang language = lang.get();
        LabChecks.guestLabPackages(LAB, language);
        Launcher launcher = Launcher.openDefault(HostAccelProbe.INSTANCE).forLab();
        LabChecks.freeSpace(launcher.store().root(), 2 * plan.filesize() + 256 * FioJob.MIB, "--filesize");

        ResultsDir run = lab.newRun(LAB);
        Path raw = Files.createDirectories(run.file("raw"));
        RunMeta meta = new RunMeta(LAB);
        meta.host = HostFingerprint.collect();
        Versions.recordHost(meta.versions);
        meta.options.put("repeat", plan.repeat());
        meta.options.put("quick", quick);
        meta.options.put("diskFormat", plan.format().qemuName());
        meta.options.put("cache", plan.cache().qemuName());
        meta.options.put("filesizeBytes", plan.filesize());
        meta.options.put("seqSizeBytes", plan.seqSize());
        meta.options.put("randSizeBytes", plan.randSize());
        meta.options.put("numjobs", plan.numjobs());
        meta.options.put("guestDir", guestDir);
        meta.options.put("lang", language.name().toLowerCase(Locale.ROOT));
        meta.save(run);

        List<Measurement> rows = new ArrayList<>();
        Window.Samples sysstat = new Window.Samples(new ArrayList<>(), new ArrayList<>());
        String vm = "io-compare-" + run.path().getFileName();
        launcher.keepConsoleAt(vm, raw.resolve("guest-console.log"));   // also after a Ctrl-C
        boolean tcg = false;
        try {
            // 2. The guest is defined first: its disk image's folder is where the host's test file goes.
            Ui.progress("defining guest %s (%s disk, cache=%s)", vm, plan.format().qemuName(), plan.cache().qemuName());
            var def = launcher.create(new VmSpec(vm, 1, List.of(), VmSpec.DEFAULT_MEMORY_MIB,
                    plan.filesize() / FioJob.MIB + Math.max(256, plan.filesize() / FioJob.MIB / 4), plan.format(),
                    plan.cache(), labs.launcher.AccelChoice.AUTO, false));
            Path hostDir = def.disk().path().getParent();
            String hostFile = hostDir.resolve("host-testfile.bin").toString();
            meta.notes.add("host test file " + hostFile + " lies in the same folder (same filesystem) as the guest's "
                    + "disk image " + def.disk().path());

            // 3. The physical machine: fill the file, then every job, repeated. The guest is not running.
            FioRunner hostFio = new FioRunner(HostRunner.INSTANCE, "fio", hostDir.toString(), Duration.ofMinutes(30));
            SideBench host = new SideBench(HostRunner.INSTANCE, hostFio, raw);
            FailurePath.Save keepHost = () -> {
                meta.notes.addAll(host.notes());
                Files.deleteIfExists(Path.of(hostFile));
                saveTables(run, rows, sysstat);
                meta.save(run);
            };
            try {
                host.fill(hostFile, plan.filesize());
                host.measure(plan.jobs(hostFile), plan.repeat(), rows);
                Window.during("host-randread", List.of(HostRunner.INSTANCE), plan.windowSec(), true, raw, sysstat,
                        () -> hostFio.run(plan.windowJob(hostFile), raw.resolve("host-window-fio.json")));
            } catch (Exception | Error e) {
                FailurePath.save(e, keepHost);
                throw e;
            }
            keepHost.run();

            // 4. The guest: boot it, the same protocol on its data disk.
            Ui.progress("starting guest %s", vm);
            try (RunningVm vmHandle = launcher.start(vm)) {
                RunningVm guestVm = vmHandle;
                NamedSide guest = LabVms.watchedGuest(launcher, vmHandle, raw.resolve("guest-console.log"),
                        plan.cache() == CacheMode.NONE ? "try --cache writeback (QEMU's thread pool and the host page "
                                + "cache instead of Linux native AIO with O_DIRECT)" : null);
                tcg = guestVm.accelerator() == Accelerator.TCG;
                meta.accelerator = guestVm.accelerator().qemuName();
                meta.acceleratorReason = guestVm.acceleratorReason();
                meta.versions.put("guest kernel", guestVm.guestKernel());
                meta.versions.put("fio (guest)", Versions.of(guest, "fio", "--version"));
                meta.versions.put("sysstat (guest)", Versions.of(guest, "mpstat", "-V"));
                if (tcg) {
                    meta.notes.add("the guest ran under TCG (emulation): guest/host ratios show emulation cost, "
                            + "not KVM's");
                }
                meta.save(run);
                String guestFile = guestDir + "/labs-testfile.bin";
                FioRunner guestFio = new FioRunner(guest, "fio", guestDir, Duration.ofMinutes(60));
                SideBench g = new SideBench(guest, guestFio, raw);
                FailurePath.Save keepGuest = () -> {
                    meta.notes.addAll(g.notes());
                    saveTables(run, rows, sysstat);
                    meta.save(run);
                };
                try {
                    g.fill(guestFile, plan.filesize());
                    g.measure(plan.jobs(guestFile), plan.repeat(), rows);
                    Window.during("guest-randread", List.of(HostRunner.INSTANCE, guest), plan.windowSec(), true, raw,
                            sysstat, () -> guestFio.run(plan.windowJob(guestFile), raw.resolve("guest-window-fio.json")));
                } catch (Exception | Error e) {
                    FailurePath.save(e, keepGuest);
                    throw e;
                }
                keepGuest.run();
            }
        } catch (Exception | Error e) {
            meta.error = labs.common.Interrupts.describe(e);
            meta.finish(false);
            FailurePath.save(e, () -> meta.save(run));
            Ui.warn("run incomplete; what was measured is in %s", run.path());
            throw e;
        } finally {
            LabVms.remove(launcher, vm);
        }

        // 5. Charts and summary.
        ChartStyle style = ChartStyle.forLang(language);
        List<Path> charts = new IoCompareCharts(style, tcg).render(rows, run.path());
        meta.finish(true);
        meta.save(run);
        System.out.println("io-compare: host vs guest (median of " + plan.repeat() + ")");
        System.out.print(SummaryTable.format(rows));
        meta.notes.addAll(SummaryTable.warnSpread(rows, 3));
        meta.save(run);
        if (tcg) {
            System.out.println("The guest ran under TCG: these ratios measure emulation, not KVM.");
        }
        System.out.printf("%d fio runs, %d charts -> %s%n", rows.size(), charts.size(), run.path());
        return 0;
    }

    private static void saveTables(ResultsDir run, List<Measurement> rows, Window.Samples s) throws IOException {
        FioCsv.write(run.file("fio.csv"), rows);
        SysstatCsv.writeCpu(run.file("sysstat-cpu.csv"), s.cpu());
        SysstatCsv.writeDisk(run.file("sysstat-disk.csv"), s.disk());
    }

    /** The sizes and jobs after defaults, checked. */
    record Plan(int repeat, long filesize, long seqSize, long randSize, List<Integer> numjobs, DiskFormat format,
                CacheMode cache, int windowSec) {
        List<FioJob> jobs(String file) {
            List<FioJob> j = new ArrayList<>();
            j.add(FioJob.bookSequential(Rw.READ, file, filesize, seqSize));
            j.add(FioJob.bookSequential(Rw.WRITE, file, filesize, seqSize));
            for (Rw rw : List.of(Rw.RANDREAD, Rw.RANDWRITE)) {
                for (int n : numjobs) {
                    j.add(FioJob.bookRandom(rw, file, filesize, randSize, n));
                }
            }
            return j;
        }

        FioJob windowJob(String file) {
            return new FioJob("window-randread", file, Rw.RANDREAD, 4 * FioJob.KIB, randSize, filesize, 1, true, 0,
                    1, null, windowSec, true);
        }
    }

    Plan plan() {
        if (repeat < 1 || repeat > 100) {
            throw LabsException.usage("--repeat " + repeat + " is out of range", "give 1..100 (default 3)");
        }
        int reps = quick && !repeatGiven() ? 1 : repeat;
        long fsMiB = filesizeMiB != null ? filesizeMiB : quick ? 64 : 1024;
        long filesize = fsMiB * FioJob.MIB;
        if (fsMiB < 8 || filesize > MAX_FILESIZE) {
            throw LabsException.usage("--filesize " + fsMiB + " MiB is out of range",
                    "give 8 .. " + MAX_FILESIZE / FioJob.MIB + " MiB (the book uses 1024)");
        }
        if (!guestDir.startsWith("/") || guestDir.contains("\0")) {
            throw LabsException.usage("--guest-dir " + labs.common.Echo.of(guestDir) + " is not an absolute path", "e.g. --guest-dir /data");
        }
        List<Integer> nj = numjobs != null ? numjobs : quick ? List.of(1, 4) : List.of(1, 2, 4, 8, 16);
        for (int n : nj) {
            if (n < 1 || n > 64) {
                throw LabsException.usage("--numjobs " + n + " is out of range", "give 1..64, e.g. --numjobs 1,2,4");
            }
        }
        long seq = Math.min(128 * FioJob.MIB, filesize / 4);
        long rand = quick ? FioJob.MIB : Math.min(4 * FioJob.MIB, filesize / 4);
        return new Plan(reps, filesize, seq, rand, List.copyOf(nj), enumOf(DiskFormat.class, diskFormat, "--disk-format"),
                enumOf(CacheMode.class, cache, "--cache"), quick ? 3 : 5);
    }

    private boolean repeatGiven() {
        return spec != null && spec.commandLine().getParseResult().hasMatchedOption("--repeat");
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static <E extends Enum<E>> E enumOf(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw LabsException.usage(option + " " + labs.common.Echo.of(value) + " is not known",
                    "choose one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }
}
