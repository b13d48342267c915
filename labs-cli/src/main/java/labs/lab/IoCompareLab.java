package labs.lab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import labs.charts.Lang;
import labs.common.LabsException;
import labs.common.i18n.LabText;
import labs.common.i18n.Msg;
import labs.common.ResultsDir;
import labs.fio.FioCsv;
import labs.fio.FioJob;
import labs.fio.Measurement;
import labs.fio.PairSample;
import labs.fio.PairedCsv;
import labs.fio.PairedFigure;
import labs.fio.sysstat.SysstatCsv;
import labs.fio.sysstat.Window;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.LabEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The book's storage experiment (virt-phys-ssd-data): the same fio jobs on the physical machine and inside a
 * guest whose disk image lies on the same host filesystem, then bandwidth and IOPS side by side.
 */
@Command(name = "io-compare", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Storage host vs guest: the book's fio jobs on the host and in a guest, paired.",
            "",
            "Protocol (the book's virtualization chapter, virt-phys-ssd-data):",
            " 1. A test file is written with data on the host, in the folder of the",
            "    guest's disk image (same filesystem, same device); a guest boots and",
            "    writes its own on its data disk (/data). Sparse files would lie.",
            " 2. Each job runs in pairs while the guest stays booted: host then guest,",
            "    guest then host, ... (ABBA), the page cache dropped before every run",
            "    (when allowed); guest/host is taken pair by pair, so a drift of the",
            "    disk's own speed cancels out.",
            " 3. Pairs are added until the 95%% interval of the median ratio is within",
            "    ±5%% (±10%% with --quick), or --max-pairs (then the figure is marked",
            "    unstable). --repeat N runs exactly N pairs instead.",
            " 4. Jobs (the book's): sequential read and write, 1 MiB blocks, direct,",
            "    fsync; random read and write, 4 KiB blocks, direct, numjobs 1 2 4 8 16.",
            "    --protocol timed (default): each time-based (--runtime, --ramp_time)",
            "    over the whole file; --protocol book: the book's sizes as printed",
            "    (128 MiB, 4 MiB: runs under a second on a fast disk, then warned).",
            " 5. While a random read runs a few seconds, mpstat and iostat record host",
            "    and guest at once.",
            "",
            "Output: results/io-compare/<timestamp>/: meta.json; figures.csv (N, median,",
            "95%% interval, CV per side and for guest/host); pairs.csv (every pair, its",
            "order, its ratio); fio.csv (every run); sysstat-cpu.csv; sysstat-disk.csv;",
            "raw/ (every fio and sysstat JSON, the guest's console log); PNG charts.",
            "Under TCG (no usable KVM) the guest is emulated: its figures show emulation",
            "cost, not KVM's.",
            ""},
        footer = {"", "First look (6 pairs of 1 s runs, ±10%%):  labs run io-compare --quick",
            "The book's exact jobs:  labs run io-compare --protocol book",
            "The host page cache making a guest look fast:  labs run io-compare --cache writeback"})
public final class IoCompareLab implements Callable<Integer> {
    static final String LAB = "io-compare";
    static final long MAX_FILESIZE = 64L * FioJob.GIB;

    @Mixin
    LabOptions lab;

    @Option(names = "--protocol", paramLabel = "timed|book", defaultValue = "timed",
            converter = LowerCaseEnum.IoProtocol.class,
            description = "timed: every job time-based with a ramp (default); book: the book's size-based jobs.")
    IoComparePlan.Protocol protocol;

    @Option(names = "--repeat", paramLabel = "N",
            description = "Exactly N host/guest pairs of every job, instead of pairs until the interval is narrow.")
    Integer repeat;

    @Option(names = "--max-pairs", paramLabel = "N",
            description = "Most pairs of a job before it is reported unstable (default 10; --quick 6).")
    Integer maxPairs;

    @Option(names = "--quick", description = "Small file, numjobs 1, 1 s runs, ±10%%: a first look and the tests.")
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
            description = "Test file size in MiB on each side (default 1024, --quick 128).")
    Long filesizeMiB;

    @Option(names = "--numjobs", paramLabel = "N,N...", split = ",",
            description = "Parallelism of the random jobs (default 1,2,4,8,16; --quick 1).")
    List<Integer> numjobs;

    @Option(names = "--guest-dir", paramLabel = "DIR", defaultValue = "/data",
            description = "Folder inside the guest for its test file (default ${DEFAULT-VALUE}: the data disk, which "
                    + "lies on the host filesystem next to the host's test file).")
    String guestDir;

    @Mixin
    LangOption lang;

    @Mixin
    MeasureLockOption lock;

    /** --connect URI: the guest runs as a transient libvirt domain there (see LibvirtLabEngine). */
    @Mixin
    labs.cli.vm.ConnectOption connect;

    /** What the protocol measured: every fio run, every pair, each job's figures, what sysstat saw. */
    record Measured(List<Measurement> rows, List<PairSample> pairs, List<PairedFigure> figures,
                    Window.Samples sysstat) {
        static Measured empty() {
            return new Measured(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new Window.Samples(new ArrayList<>(), new ArrayList<>()));
        }
    }

    @Override
    public Integer call() throws Exception {
        // 1. Check every option before anything runs: nothing is created on bad input.
        IoComparePlan plan = plan();
        Lang language = lang.get();
        LabEngine launcher = LabVms.forLab(LAB, language, connect);
        RemoteHalf.require(launcher, RemoteHalf.IO_COMPARE, -1);   // a remote libvirt host: fio, sysstat there
        launcher.localDiskFolder().ifPresent(
                dir -> LabChecks.freeSpace(dir, 2 * plan.filesize() + 256 * FioJob.MIB, "--filesize"));
        try (MeasureLock held = lock.acquire(LAB)) {
            LabRun run = LabRun.onHost(lab, LAB, launcher);
            Versions.recordHost(run.meta.versions);
            recordOptions(run, plan);
            run.recordLang(language);
            run.meta.load = held.before();
            run.save();

            Measured m = Measured.empty();
            run.keepOnFailure(() -> saveTables(run.dir, m));
            IoCompareGuest.Sides sides = run.measure(() -> IoCompareGuest.measure(run, plan, guestDir, m));
            MeasureLock.LoadReport load = held.after();
            run.meta.load = load;
            IoCompareReport.report(run, plan, m, language, sides, load);
        }
        return 0;
    }

    private void recordOptions(LabRun run, IoComparePlan plan) {
        run.meta.options.put("protocol", plan.protocol().name().toLowerCase(Locale.ROOT));
        run.meta.options.put("quick", quick);
        run.meta.options.put("pairs", plan.pairsLine());
        run.meta.options.put("targetRelHalfWidth", plan.rule().rel());
        run.meta.options.put("runtimeSec", plan.protocol() == IoComparePlan.Protocol.TIMED ? plan.runtimeSec() : 0);
        run.meta.options.put("rampMs", plan.protocol() == IoComparePlan.Protocol.TIMED ? plan.rampMs() : 0);
        run.meta.options.put("diskFormat", plan.format().qemuName());
        run.meta.options.put("cache", plan.cache().qemuName());
        run.meta.options.put("filesizeBytes", plan.filesize());
        run.meta.options.put("seqSizeBytes", plan.seqSize());
        run.meta.options.put("randSizeBytes", plan.randSize());
        run.meta.options.put("numjobs", plan.numjobs());
        run.meta.options.put("guestDir", guestDir);
    }

    IoComparePlan plan() {
        if (repeat != null && (repeat < 1 || repeat > 100)) {
            throw LabsException.usage(Msg.get(LabText.OUT_OF_RANGE, "--repeat", repeat),
                    Msg.get(LabText.REPEAT_FIX));
        }
        if (maxPairs != null && (maxPairs < 6 || maxPairs > 200)) {
            throw LabsException.usage(Msg.get(LabText.OUT_OF_RANGE, "--max-pairs", maxPairs),
                    Msg.get(LabText.MAX_PAIRS_FIX));
        }
        long fsMiB = filesizeMiB != null ? filesizeMiB : quick ? 128 : 1024;
        long filesize = fsMiB * FioJob.MIB;
        if (fsMiB < 8 || filesize > MAX_FILESIZE) {
            throw LabsException.usage(Msg.get(LabText.FILESIZE_RANGE, fsMiB),
                    Msg.get(LabText.FILESIZE_FIX, MAX_FILESIZE / FioJob.MIB));
        }
        if (!guestDir.startsWith("/") || guestDir.contains("\0")) {
            throw LabsException.usage(Msg.get(LabText.NOT_ABSOLUTE, "--guest-dir", labs.common.Echo.of(guestDir)),
                    Msg.get(LabText.FOR_EXAMPLE, "--guest-dir /data"));
        }
        List<Integer> nj = numjobs != null ? numjobs : quick ? List.of(1) : List.of(1, 2, 4, 8, 16);
        for (int n : nj) {
            if (n < 1 || n > 64) {
                throw LabsException.usage(Msg.get(LabText.OUT_OF_RANGE, "--numjobs", n),
                        Msg.get(LabText.GIVE_EXAMPLE, "1..64", "--numjobs 1,2,4"));
            }
        }
        long seq = Math.min(128 * FioJob.MIB, filesize / 4);
        long rand = Math.min(4 * FioJob.MIB, filesize / 4);
        int max = maxPairs != null ? maxPairs : quick ? 6 : 10;
        return new IoComparePlan(protocol, quick, IoComparePlan.rule(quick, repeat, max), repeat != null, filesize,
                seq, rand, List.copyOf(nj), diskFormat, cache, quick ? 3 : 5, quick ? 1 : 2, quick ? 250 : 500);
    }

    /** Every table measured so far, written again after each job (and when the run fails). */
    static void saveTables(ResultsDir run, Measured m) throws IOException {
        FioCsv.write(run.file("fio.csv"), m.rows());
        PairedCsv.writePairs(run.file("pairs.csv"), m.pairs());
        PairedCsv.writeFigures(run.file("figures.csv"), m.figures());
        SysstatCsv.writeCpu(run.file("sysstat-cpu.csv"), m.sysstat().cpu());
        SysstatCsv.writeDisk(run.file("sysstat-disk.csv"), m.sysstat().disk());
    }
}
