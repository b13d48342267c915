package labs.lab;

import labs.common.i18n.Msg;
import labs.common.i18n.SummaryText;
import labs.common.i18n.ProgressText;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import labs.charts.ChartStyle;
import labs.charts.Conditions;
import labs.charts.CpuOverheadCharts;
import labs.charts.Lang;
import labs.common.CommandRunner;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.i18n.LabText;
import labs.common.ResultsDir;
import labs.common.Ui;
import labs.fio.CpuBoundJob;
import labs.fio.NamedSide;
import labs.fio.Summary;
import labs.fio.sysstat.CpuSample;
import labs.fio.sysstat.SysstatCsv;
import labs.fio.sysstat.Window;
import labs.lab.sched.HostProc;
import labs.launcher.AccelChoice;
import labs.launcher.Accelerator;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.LabEngine;
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
            "With --connect qemu+ssh://USER@HOST/system the guest runs on that libvirt",
            "host, and so does the host's side (the job, mpstat, the vCPU threads'",
            "/proc), over the URI's own ssh; meta.json says where each half ran.",
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

    @Mixin
    MeasureLockOption lock;

    /** --connect URI: the guest runs as a transient libvirt domain there (see LibvirtLabEngine). */
    @Mixin
    labs.cli.vm.ConnectOption connect;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The options after defaults, checked. */
    record Sizes(int seconds, long iterations, int repeat) {}

    /**
     * What the protocol measured: the job's times ({side 0=host 1=guest, repetition, CPU seconds, wall seconds})
     * and mpstat's.
     */
    record Measured(List<double[]> times, Window.Samples samples) {}

    @Override
    public Integer call() throws Exception {
        Sizes s = sizes();   // options first: nothing starts on bad input
        Lang language = lang.get();
        LabEngine launcher = LabVms.forLab(LAB, language, connect);
        RemoteHalf.require(launcher, RemoteHalf.CPU_OVERHEAD, cpu);   // a remote libvirt host runs the host half
        try (MeasureLock held = lock.acquire(LAB)) {
            return measured(s, language, launcher, held);
        }
    }

    private int measured(Sizes s, Lang language, LabEngine launcher, MeasureLock held) throws Exception {
        LabRun run = LabRun.onHost(lab, LAB, launcher);
        run.meta.load = held.before();
        Versions.recordHost(run.meta.versions);
        run.meta.versions.put("busybox", Versions.of(HostRunner.INSTANCE, "busybox"));
        run.meta.options.put("cpu", cpu);
        run.meta.options.put("seconds", s.seconds());
        run.meta.options.put("iterations", s.iterations());
        run.meta.options.put("repeat", s.repeat());
        run.meta.options.put("quick", quick);
        run.recordLang(language);
        run.meta.options.put("job", CpuBoundJob.describe(s.iterations()));
        run.save();

        Measured m = new Measured(new ArrayList<>(), new Window.Samples(new ArrayList<>(), new ArrayList<>()));
        run.keepOnFailure(() -> writeTables(run.dir, m, s.iterations()));
        Accelerator accel = run.measure(() -> measure(run, s, m));
        writeTables(run.dir, m, s.iterations());
        MeasureLock.LoadReport load = held.after();
        run.meta.load = load;
        report(run, s, m, language, accel, load);
        return 0;
    }

    private Sizes sizes() {
        int cpus = LabVms.remote(connect) ? Integer.MAX_VALUE : Runtime.getRuntime().availableProcessors();
        if (cpu < 0 || cpu >= cpus) {   // a remote host's CPUs are checked there (RemoteHalf.require)
            throw LabsException.usage(Msg.get(LabText.NOT_A_CPU, "--cpu", cpu),
                    Msg.get(LabText.GIVE, "0.." + (cpus - 1)));
        }
        int secs = seconds != null ? seconds : quick ? 5 : 20;
        long iters = iterations != null ? iterations : quick ? 100_000 : 500_000;
        boolean repeatGiven = spec != null && spec.commandLine().getParseResult().hasMatchedOption("--repeat");
        int reps = quick && !repeatGiven ? 1 : repeat;
        if (secs < 2 || secs > 3600) {
            throw LabsException.usage(Msg.get(LabText.OUT_OF_RANGE, "--seconds", secs),
                    Msg.get(LabText.GIVE, "2..3600"));
        }
        if (iters < 1000 || iters > 1_000_000_000L) {
            throw LabsException.usage(Msg.get(LabText.OUT_OF_RANGE, "--iterations", iters),
                    Msg.get(LabText.GIVE, "1000..1000000000"));
        }
        if (reps < 1 || reps > 100) {
            throw LabsException.usage(Msg.get(LabText.OUT_OF_RANGE, "--repeat", reps), Msg.get(LabText.GIVE, "1..100"));
        }
        return new Sizes(secs, iters, reps);
    }

    /** The protocol's steps 1 to 4; the accelerator the guest ran under. */
    private Accelerator measure(LabRun run, Sizes s, Measured m) throws Exception {
        Path raw = run.raw();
        CommandRunner host = run.launcher.host();   // on a remote libvirt host: there, over the URI's ssh
        RemoteHalf.record(run, host, RemoteHalf.CPU_OVERHEAD);
        // 1. The fixed job on the host, pinned to the CPU the vCPU will use.
        for (int r = 1; r <= s.repeat(); r++) {
            Ui.progress(ProgressText.HOST_CPU_JOB, Msg.get(SummaryText.CPU_JOB, s.iterations()), cpu, r, s.repeat());
            CpuBoundJob.Timing t = CpuBoundJob.timed(host, s.iterations(), cpu, Duration.ofMinutes(30));
            m.times().add(new double[] {0, r, t.cpuSec(), t.wallSec()});
        }
        // 2. A guest with one vCPU pinned to that CPU.
        LabGuest vm = run.guest(LAB + "-" + run.path().getFileName()).keepConsoleAt(raw.resolve("guest-console.log"));
        Ui.progress(ProgressText.DEFINING_STARTING_GUEST, vm.name, cpu);
        vm.create(new VmSpec(vm.name, 1, List.of(cpu), VmSpec.DEFAULT_MEMORY_MIB, 64, DiskFormat.QCOW2,
                CacheMode.NONE, AccelChoice.AUTO, false));
        try (RunningVm guestVm = vm.start()) {
            NamedSide guest = vm.watched(guestVm, null);
            boolean tcg = guestVm.accelerator() == Accelerator.TCG;
            run.meta.versions.put("sysstat (guest)", Versions.of(guest, "mpstat", "-V"));
            run.meta.notes.add("vCPU thread ids on the " + RemoteHalf.host(run.launcher) + ": "
                    + guestVm.vcpuThreadIds() + ", pinned to CPU " + cpu);
            if (tcg) {
                run.meta.notes.add("the guest ran under TCG: the host sees the loop as %usr of QEMU, not %guest, "
                        + "and the job's slowdown is emulation, not KVM");
            }
            run.save();
            // 3. The endless loop in the guest, mpstat on both sides at the same time.
            int secs = s.seconds();
            Ui.progress(ProgressText.GUEST_LOOPS, secs);
            Window.during("guest-loop", List.of(host, guest), secs, false, raw, m.samples(),
                    () -> guest.exec(CpuBoundJob.loopArgv(secs + 1), Duration.ofSeconds(secs + 120L)));
            // 4. The fixed job in the guest.
            HostProc vcpus = HostProc.of(host);   // the /proc of the host QEMU runs on
            for (int r = 1; r <= s.repeat(); r++) {
                Ui.progress(ProgressText.GUEST_CPU_JOB, Msg.get(SummaryText.CPU_JOB, s.iterations()), r, s.repeat());
                // the guest's CPU time as the host spent it: its vCPU threads' (the guest's own clock under TCG
                // keeps running while the host runs something else)
                long before = ThreadCpu.ticks(vcpus, guestVm.pid(), guestVm.vcpuThreadIds());
                CpuBoundJob.Timing t = CpuBoundJob.timed(guest, s.iterations(), -1, Duration.ofMinutes(60));
                double cpuSec = (ThreadCpu.ticks(vcpus, guestVm.pid(), guestVm.vcpuThreadIds()) - before)
                        / CpuBoundJob.TICKS_PER_SECOND;
                m.times().add(new double[] {1, r, cpuSec, t.wallSec()});
                writeTimes(run.dir.file("job-times.csv"), m.times(), s.iterations());
            }
            return guestVm.accelerator();
        }
    }

    /** Charts, then the headline: what each side saw while the guest looped, and the job's guest/host ratio. */
    private void report(LabRun run, Sizes s, Measured m, Lang language, Accelerator accel,
                        MeasureLock.LoadReport load) throws IOException {
        boolean tcg = accel == Accelerator.TCG;
        Summary host = Summary.of(m.times().stream().filter(t -> t[0] == 0).map(t -> t[2]).toList());
        Summary guest = Summary.of(m.times().stream().filter(t -> t[0] == 1).map(t -> t[2]).toList());
        Summary hostWall = Summary.of(m.times().stream().filter(t -> t[0] == 0).map(t -> t[3]).toList());
        Summary guestWall = Summary.of(m.times().stream().filter(t -> t[0] == 1).map(t -> t[3]).toList());
        Conditions c = new Conditions(LabConditions.accel(accel), Msg.get(SummaryText.COND_CPU_PROTOCOL,
                Msg.get(SummaryText.CPU_JOB, s.iterations()), cpu), quick,
                Msg.get(SummaryText.COND_RUNS_PER_SIDE, s.repeat()), null, null, LabConditions.hostCpu(run), null,
                Msg.get(SummaryText.COND_CPU_TIMING), LabConditions.today());
        run.meta.conditions = c;
        List<CpuSample> hostCpu = m.samples().cpu().stream().filter(t -> t.side().equals("host"))
                .map(t -> t.sample()).toList();
        List<CpuSample> guestCpu = m.samples().cpu().stream().filter(t -> !t.side().equals("host"))
                .map(t -> t.sample()).toList();
        CpuOverheadCharts charts = new CpuOverheadCharts(ChartStyle.forLang(language, Ui.TERMINAL), tcg, c);
        charts.breakdown(hostCpu, Integer.toString(cpu), guestCpu, "all", run.path());
        charts.jobTime(host, guest, run.path());
        if (load.warning() != null) {
            run.meta.notes.add(load.warning());
        }
        run.complete();

        System.out.print(c.summaryBlock(language));
        CpuSample h = mean(hostCpu, Integer.toString(cpu));
        CpuSample g = mean(guestCpu, "all");
        System.out.println(Msg.get(SummaryText.CPU_WHILE_LOOPED, s.seconds()));
        System.out.println(Msg.get(SummaryText.CPU_HOST_ROW, cpu, pct(h.usr()), pct(h.sys()), pct(h.guest()),
                pct(h.idle())));
        System.out.println(Msg.get(SummaryText.CPU_GUEST_ROW, pct(g.usr()), pct(g.sys()), pct(g.steal()),
                pct(g.idle())));
        System.out.println(Msg.get(SummaryText.CPU_FIXED_JOB, Msg.get(SummaryText.CPU_JOB, s.iterations()),
                two(host.median()), two(guest.median()), s.repeat(), two(guest.median() / host.median())));
        System.out.println(Msg.get(SummaryText.CPU_WALL, two(hostWall.median()), two(guestWall.median()),
                two(guestWall.median() / hostWall.median())));
        if (load.warning() != null) {
            Ui.warn("%s", load.warning());
        }
        if (tcg) {
            System.out.println(Msg.get(SummaryText.CPU_TCG_NOTE));
        }
        System.out.println(Msg.get(SummaryText.RESULTS_ARROW, run.path()));
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%5.1f", v);
    }

    private static String two(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
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

    private static void writeTables(ResultsDir run, Measured m, long iters) throws IOException {
        writeTimes(run.file("job-times.csv"), m.times(), iters);
        SysstatCsv.writeCpu(run.file("cpu-mpstat.csv"), m.samples().cpu());
    }

    private static void writeTimes(Path file, List<double[]> times, long iters) throws IOException {
        labs.common.ResultFile.writeText(file, w -> writeTimes(w, times, iters));
    }

    private static void writeTimes(Writer w, List<double[]> times, long iters) throws IOException {
        // cpu_seconds: host: the job's shell; guest: its vCPU threads on the host. wall_seconds: /proc/uptime.
        try (CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader("side", "repetition", "iterations", "cpu_seconds",
                "wall_seconds").get().print(w)) {
            for (double[] t : times) {
                p.printRecord(t[0] == 0 ? "host" : "guest", (int) t[1], iters,
                        String.format(Locale.ROOT, "%.2f", t[2]), String.format(Locale.ROOT, "%.2f", t[3]));
            }
        }
    }
}
