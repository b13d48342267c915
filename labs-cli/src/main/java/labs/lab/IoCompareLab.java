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
import labs.common.CommandRunner;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.ResultsDir;
import labs.common.Ui;
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
            converter = LowerCaseEnum.Disk.class,
            description = "Format of the guest's disk image (default ${DEFAULT-VALUE}).")
    DiskFormat diskFormat;

    @Option(names = "--cache", paramLabel = "none|writeback", defaultValue = "none", converter = LowerCaseEnum.Cache.class,
            description = "QEMU disk cache: none bypasses the host page cache (measures the device); writeback lets "
                    + "it absorb writes (default ${DEFAULT-VALUE}).")
    CacheMode cache;

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

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** What the protocol measured: every fio run, and what sysstat saw during the random-read windows. */
    record Measured(List<Measurement> rows, Window.Samples sysstat) {}

    @Override
    public Integer call() throws Exception {
        // 1. Check every option before anything runs: nothing is created on bad input.
        Plan plan = plan();
        Lang language = lang.get();
        Launcher launcher = LabVms.forLab(LAB, language);
        LabChecks.freeSpace(launcher.store().root(), 2 * plan.filesize() + 256 * FioJob.MIB, "--filesize");
        LabRun run = LabRun.onHost(lab, LAB, launcher);
        Versions.recordHost(run.meta.versions);
        run.meta.options.put("repeat", plan.repeat());
        run.meta.options.put("quick", quick);
        run.meta.options.put("diskFormat", plan.format().qemuName());
        run.meta.options.put("cache", plan.cache().qemuName());
        run.meta.options.put("filesizeBytes", plan.filesize());
        run.meta.options.put("seqSizeBytes", plan.seqSize());
        run.meta.options.put("randSizeBytes", plan.randSize());
        run.meta.options.put("numjobs", plan.numjobs());
        run.meta.options.put("guestDir", guestDir);
        run.recordLang(language);
        run.save();

        Measured m = new Measured(new ArrayList<>(), new Window.Samples(new ArrayList<>(), new ArrayList<>()));
        boolean tcg = run.measure(() -> measure(run, plan, m));
        report(run, plan, m, language, tcg);
        return 0;
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
        return new Plan(reps, filesize, seq, rand, List.copyOf(nj), diskFormat, cache, quick ? 3 : 5);
    }

    private boolean repeatGiven() {
        return spec != null && spec.commandLine().getParseResult().hasMatchedOption("--repeat");
    }

    /** Steps 2 to 4 of the protocol; true when the guest ran under TCG. */
    private boolean measure(LabRun run, Plan plan, Measured m) throws Exception {
        Path raw = run.raw();
        LabGuest vm = run.guest(LAB + "-" + run.path().getFileName()).keepConsoleAt(raw.resolve("guest-console.log"));
        // 2. The guest is defined first: its disk image's folder is where the host's test file goes.
        Ui.progress("defining guest %s (%s disk, cache=%s)", vm.name, plan.format().qemuName(),
                plan.cache().qemuName());
        var def = vm.create(new VmSpec(vm.name, 1, List.of(), VmSpec.DEFAULT_MEMORY_MIB,
                plan.filesize() / FioJob.MIB + Math.max(256, plan.filesize() / FioJob.MIB / 4), plan.format(),
                plan.cache(), labs.launcher.AccelChoice.AUTO, false));
        Path hostDir = def.disk().path().getParent();
        Path hostFile = hostDir.resolve("host-testfile.bin");
        run.meta.notes.add("host test file " + hostFile + " lies in the same folder (same filesystem) as the guest's "
                + "disk image " + def.disk().path());

        // 3. The physical machine: fill the file, then every job, repeated. The guest is not running.
        FioRunner hostFio = new FioRunner(HostRunner.INSTANCE, "fio", hostDir.toString(), Duration.ofMinutes(30));
        measureSide(run, plan, m, new SideBench(HostRunner.INSTANCE, hostFio, raw, Ui.TERMINAL), hostFio, hostFile.toString(),
                List.of(HostRunner.INSTANCE));
        Files.deleteIfExists(hostFile);   // room for the guest's own test file

        // 4. The guest: boot it, the same protocol on its data disk.
        Ui.progress("starting guest %s", vm.name);
        try (RunningVm running = vm.start()) {
            NamedSide guest = vm.watched(running, plan.cache() == CacheMode.NONE ? "try --cache writeback (QEMU's "
                    + "thread pool and the host page cache instead of Linux native AIO with O_DIRECT)" : null);
            boolean tcg = running.accelerator() == Accelerator.TCG;
            run.meta.versions.put("fio (guest)", Versions.of(guest, "fio", "--version"));
            run.meta.versions.put("sysstat (guest)", Versions.of(guest, "mpstat", "-V"));
            if (tcg) {
                run.meta.notes.add("the guest ran under TCG (emulation): guest/host ratios show emulation cost, "
                        + "not KVM's");
            }
            run.save();
            FioRunner guestFio = new FioRunner(guest, "fio", guestDir, Duration.ofMinutes(60));
            measureSide(run, plan, m, new SideBench(guest, guestFio, raw, Ui.TERMINAL), guestFio, guestDir + "/labs-testfile.bin",
                    List.of(HostRunner.INSTANCE, guest));
            return tcg;
        }
    }

    /**
     * One side's part: fill its test file, run every job repeatedly, then a random read while sysstat watches the
     * given sides; the tables and meta.json are written after it, also when it fails (the host's figures stay).
     */
    private static void measureSide(LabRun run, Plan plan, Measured m, SideBench side, FioRunner fio, String file,
                                    List<CommandRunner> watched) throws Exception {
        Path raw = run.raw();
        String name = watched.get(watched.size() - 1).side();   // the side measured: "host" or "guest"
        FailurePath.thenKeep(() -> {
            side.fill(file, plan.filesize());
            side.measure(plan.jobs(file), plan.repeat(), m.rows());
            Window.during(name + "-randread", watched, plan.windowSec(), true, raw, m.sysstat(),
                    () -> fio.run(plan.windowJob(file), raw.resolve(name + "-window-fio.json")));
        }, () -> {
            run.meta.notes.addAll(side.notes());
            saveTables(run.dir, m.rows(), m.sysstat());
            run.save();
        });
    }

    /** 5. Charts and the summary: host vs guest, median of the repetitions. */
    private static void report(LabRun run, Plan plan, Measured m, Lang language, boolean tcg) throws IOException {
        ChartStyle style = ChartStyle.forLang(language, Ui.TERMINAL);
        List<Path> charts = new IoCompareCharts(style, tcg).render(m.rows(), run.path());
        run.complete();
        System.out.println("io-compare: host vs guest (median of " + plan.repeat() + ")");
        System.out.print(SummaryTable.format(m.rows()));
        run.meta.notes.addAll(SummaryTable.warnSpread(m.rows(), 3, Ui.TERMINAL));
        run.save();
        if (tcg) {
            System.out.println("The guest ran under TCG: these ratios measure emulation, not KVM.");
        }
        System.out.printf("%d fio runs, %d charts -> %s%n", m.rows().size(), charts.size(), run.path());
    }

    private static void saveTables(ResultsDir run, List<Measurement> rows, Window.Samples s) throws IOException {
        FioCsv.write(run.file("fio.csv"), rows);
        SysstatCsv.writeCpu(run.file("sysstat-cpu.csv"), s.cpu());
        SysstatCsv.writeDisk(run.file("sysstat-disk.csv"), s.disk());
    }
}
