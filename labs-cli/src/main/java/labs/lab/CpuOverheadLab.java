package labs.lab;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import labs.charts.ChartStyle;
import labs.charts.CpuOverheadCharts;
import labs.charts.Lang;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.ResultsDir;
import labs.common.RunMeta;
import labs.common.Ui;
import labs.cpuinfo.HostFingerprint;
import labs.fio.CpuBoundJob;
import labs.fio.NamedSide;
import labs.fio.Summary;
import labs.fio.sysstat.CpuSample;
import labs.fio.sysstat.SysstatCsv;
import labs.fio.sysstat.Window;
import labs.launcher.AccelChoice;
import labs.launcher.Accelerator;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.Launcher;
import labs.launcher.RunningVm;
import labs.launcher.VmSpec;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The book's CPU experiment: an endless loop in a guest whose one vCPU is pinned to one host CPU, watched by
 * mpstat on both sides at once (the host sees the CPU busy with the guest, the guest sees its own %usr), then the
 * same fixed CPU-bound job timed on the host and in the guest.
 */
@Command(name = "cpu-overhead", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"CPU host vs guest: a guest's endless loop seen from both sides.",
            "",
            "Protocol (the book's inf-loop.py experiment):",
            " 1. A fixed CPU-bound job (busybox sh counting to --iterations) is timed on",
            "    the host, pinned to host CPU --cpu.",
            " 2. A guest boots with one vCPU pinned to that CPU (the book's --cpuset=0).",
            " 3. The guest runs `while :; do :; done` for --seconds while mpstat -P ALL",
            "    samples the host and the guest every second, at the same time.",
            "    With KVM the host shows that CPU in %%guest and the guest shows %%usr;",
            "    under TCG the host shows %%usr (QEMU translates guest code in user space).",
            " 4. The same job (the same busybox binary) is timed in the guest:",
            "    guest/host is the CPU overhead (of emulation, under TCG).",
            "",
            "Output: results/cpu-overhead/<timestamp>/: meta.json, cpu-mpstat.csv,",
            "job-times.csv, raw/ (mpstat JSON, the guest's console log), cpu-breakdown.png, cpu-job-time.png.",
            ""},
        footer = {"", "First look (under a minute):  labs run cpu-overhead --quick"})
public final class CpuOverheadLab implements Callable<Integer> {
    static final String LAB = "cpu-overhead";

    @Mixin
    LabOptions lab;

    @Option(names = "--cpu", paramLabel = "N", defaultValue = "0",
            description = "Host CPU the vCPU is pinned to (the book's --cpuset=0; default ${DEFAULT-VALUE}).")
    int cpu;

    @Option(names = "--seconds", paramLabel = "S",
            description = "How long the guest loops while mpstat watches (default 20, --quick 5).")
    Integer seconds;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Size of the fixed CPU-bound job (default 500000, --quick 100000).")
    Long iterations;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
            description = "Timings of the fixed job on each side (default ${DEFAULT-VALUE}, --quick 1).")
    int repeat;

    @Option(names = "--quick", description = "A short loop, a small job, one repetition: a first look and the tests.")
    boolean quick;

    @Mixin
    LangOption lang;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // 1. Options first: nothing starts on bad input.
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpu < 0 || cpu >= cpus) {
            throw LabsException.usage("--cpu " + cpu + " is not a CPU of this machine", "give 0.." + (cpus - 1));
        }
        int secs = seconds != null ? seconds : quick ? 5 : 20;
        long iters = iterations != null ? iterations : quick ? 100_000 : 500_000;
        boolean repeatGiven = spec != null && spec.commandLine().getParseResult().hasMatchedOption("--repeat");
        int reps = quick && !repeatGiven ? 1 : repeat;
        if (secs < 2 || secs > 3600) {
            throw LabsException.usage("--seconds " + secs + " is out of range", "give 2..3600");
        }
        if (iters < 1000 || iters > 1_000_000_000L) {
            throw LabsException.usage("--iterations " + iters + " is out of range", "give 1000..1000000000");
        }
        if (reps < 1 || reps > 100) {
            throw LabsException.usage("--repeat " + reps + " is out of range", "give 1..100");
        }
        Lang language = lang.get();
        LabChecks.guestLabPackages(LAB, language);
        Launcher launcher = Launcher.openDefault(HostAccelProbe.INSTANCE).forLab();

        ResultsDir run = lab.newRun(LAB);
        Path raw = Files.createDirectories(run.file("raw"));
        RunMeta meta = new RunMeta(LAB);
        meta.host = HostFingerprint.collect();
        Versions.recordHost(meta.versions);
        meta.versions.put("busybox", Versions.of(HostRunner.INSTANCE, "busybox"));
        meta.options.put("cpu", cpu);
        meta.options.put("seconds", secs);
        meta.options.put("iterations", iters);
        meta.options.put("repeat", reps);
        meta.options.put("quick", quick);
        meta.options.put("lang", language.name().toLowerCase(Locale.ROOT));
        meta.options.put("job", CpuBoundJob.describe(iters));
        meta.save(run);

        List<double[]> times = new ArrayList<>(); // {side 0=host 1=guest, repetition, seconds}
        Window.Samples samples = new Window.Samples(new ArrayList<>(), new ArrayList<>());
        String vm = "cpu-overhead-" + run.path().getFileName();
        launcher.keepConsoleAt(vm, raw.resolve("guest-console.log"));   // also after a Ctrl-C
        boolean tcg = false;
        try {
            // 2. The fixed job on the host, pinned to the CPU the vCPU will use.
            for (int r = 1; r <= reps; r++) {
                Ui.progress("host: %s on CPU %d (%d/%d)", CpuBoundJob.describe(iters), cpu, r, reps);
                times.add(new double[] {0, r, CpuBoundJob.run(HostRunner.INSTANCE, iters, cpu, Duration.ofMinutes(30))});
            }
            // 3. A guest with one vCPU pinned to that CPU.
            Ui.progress("defining and starting guest %s (1 vCPU pinned to CPU %d)", vm, cpu);
            launcher.create(new VmSpec(vm, 1, List.of(cpu), VmSpec.DEFAULT_MEMORY_MIB, 64, DiskFormat.QCOW2,
                    CacheMode.NONE, AccelChoice.AUTO, false));
            try (RunningVm guestVm = launcher.start(vm)) {
                NamedSide guest = LabVms.watchedGuest(launcher, guestVm, raw.resolve("guest-console.log"), null);
                tcg = guestVm.accelerator() == Accelerator.TCG;
                meta.accelerator = guestVm.accelerator().qemuName();
                meta.acceleratorReason = guestVm.acceleratorReason();
                meta.versions.put("guest kernel", guestVm.guestKernel());
                meta.versions.put("sysstat (guest)", Versions.of(guest, "mpstat", "-V"));
                meta.notes.add("vCPU thread ids on the host: " + guestVm.vcpuThreadIds() + ", pinned to CPU " + cpu);
                if (tcg) {
                    meta.notes.add("the guest ran under TCG: the host sees the loop as %usr of QEMU, not %guest, and "
                            + "the job's slowdown is emulation, not KVM");
                }
                meta.save(run);
                // 4. The endless loop in the guest, mpstat on both sides at the same time.
                Ui.progress("guest loops for %d s; mpstat on host and guest", secs);
                Window.during("guest-loop", List.of(HostRunner.INSTANCE, guest), secs, false, raw, samples,
                        () -> guest.exec(CpuBoundJob.loopArgv(secs + 1), Duration.ofSeconds(secs + 120L)));
                // 5. The fixed job in the guest.
                for (int r = 1; r <= reps; r++) {
                    Ui.progress("guest: %s (%d/%d)", CpuBoundJob.describe(iters), r, reps);
                    times.add(new double[] {1, r, CpuBoundJob.run(guest, iters, -1, Duration.ofMinutes(60))});
                    writeTimes(run.file("job-times.csv"), times, iters);
                }
            }
        } catch (Exception | Error e) {
            meta.error = labs.common.Interrupts.describe(e);
            meta.finish(false);
            FailurePath.save(e, () -> writeTables(run, times, samples, iters));
            FailurePath.save(e, () -> meta.save(run));
            Ui.warn("run incomplete; what was measured is in %s", run.path());
            throw e;
        } finally {
            LabVms.remove(launcher, vm);
        }
        writeTables(run, times, samples, iters);

        // 6. Charts and summary.
        Summary host = Summary.of(times.stream().filter(t -> t[0] == 0).map(t -> t[2]).toList());
        Summary guest = Summary.of(times.stream().filter(t -> t[0] == 1).map(t -> t[2]).toList());
        List<CpuSample> hostCpu = samples.cpu().stream().filter(t -> t.side().equals("host")).map(t -> t.sample())
                .toList();
        List<CpuSample> guestCpu = samples.cpu().stream().filter(t -> !t.side().equals("host")).map(t -> t.sample())
                .toList();
        CpuOverheadCharts charts = new CpuOverheadCharts(ChartStyle.forLang(language), tcg);
        charts.breakdown(hostCpu, Integer.toString(cpu), guestCpu, "all", run.path());
        charts.jobTime(host, guest, run.path());
        meta.finish(true);
        meta.save(run);

        CpuSample h = mean(hostCpu, Integer.toString(cpu));
        CpuSample g = mean(guestCpu, "all");
        System.out.printf(Locale.ROOT, "cpu-overhead: while the guest looped (%d s, mean of mpstat intervals)%n", secs);
        System.out.printf(Locale.ROOT, "  host CPU %d:  %%usr %5.1f  %%sys %5.1f  %%guest %5.1f  %%idle %5.1f%n", cpu,
                h.usr(), h.sys(), h.guest(), h.idle());
        System.out.printf(Locale.ROOT, "  guest (all): %%usr %5.1f  %%sys %5.1f  %%steal %5.1f  %%idle %5.1f%n",
                g.usr(), g.sys(), g.steal(), g.idle());
        System.out.printf(Locale.ROOT, "fixed job (%s): host %.2f s, guest %.2f s (median of %d): guest/host = %.1f%n",
                CpuBoundJob.describe(iters), host.median(), guest.median(), reps, guest.median() / host.median());
        if (tcg) {
            System.out.println("The guest ran under TCG: the host sees %usr (QEMU translating), not %guest, and the "
                    + "ratio is emulation's cost, not KVM's.");
        }
        System.out.println("-> " + run.path());
        return 0;
    }

    private static CpuSample mean(List<CpuSample> s, String cpu) {
        List<CpuSample> c = s.stream().filter(x -> x.cpu().equals(cpu)).toList();
        double n = Math.max(1, c.size());
        return new CpuSample(0, 0, "", cpu, c.stream().mapToDouble(CpuSample::usr).sum() / n,
                c.stream().mapToDouble(CpuSample::nice).sum() / n, c.stream().mapToDouble(CpuSample::sys).sum() / n,
                c.stream().mapToDouble(CpuSample::iowait).sum() / n, c.stream().mapToDouble(CpuSample::irq).sum() / n,
                c.stream().mapToDouble(CpuSample::soft).sum() / n, c.stream().mapToDouble(CpuSample::steal).sum() / n,
                c.stream().mapToDouble(CpuSample::guest).sum() / n, c.stream().mapToDouble(CpuSample::gnice).sum() / n,
                c.stream().mapToDouble(CpuSample::idle).sum() / n);
    }

    private static void writeTables(ResultsDir run, List<double[]> times, Window.Samples s, long iters)
            throws IOException {
        writeTimes(run.file("job-times.csv"), times, iters);
        SysstatCsv.writeCpu(run.file("cpu-mpstat.csv"), s.cpu());
    }

    private static void writeTimes(Path file, List<double[]> times, long iters) throws IOException {
        labs.common.ResultFile.writeText(file, w -> writeTimes(w, times, iters));
    }

    private static void writeTimes(Writer w, List<double[]> times, long iters) throws IOException {
        try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader("side", "repetition", "iterations", "seconds").get()
                     .print(w)) {
            for (double[] t : times) {
                p.printRecord(t[0] == 0 ? "host" : "guest", (int) t[1], iters,
                        String.format(Locale.ROOT, "%.2f", t[2]));
            }
        }
    }
}
