package labs.lab;

import labs.common.i18n.Msg;
import labs.common.i18n.SummaryText;
import labs.common.i18n.ProgressText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import labs.charts.Conditions;
import labs.charts.Lang;
import labs.common.CommandRunner;
import labs.common.LabsException;
import labs.common.i18n.LabText;
import labs.common.Ui;
import labs.lab.sched.CpuBusy;
import labs.lab.sched.CpuTicks;
import labs.lab.sched.HostCondition;
import labs.lab.sched.HostLoop;
import labs.lab.sched.HostProc;
import labs.lab.sched.LoadInstall;
import labs.lab.sched.SchedCsv;
import labs.lab.sched.SchedReport;
import labs.lab.sched.SchedRun;
import labs.lab.sched.SchedSummary;
import labs.launcher.AccelChoice;
import labs.launcher.Accelerator;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.LabEngine;
import labs.launcher.RunningVm;
import labs.launcher.VmSpec;
import labs.launcher.remote.SshHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The book's time-slice experiment (sched-virt.py, inf-loop.py): processes sharing one CPU record when each ms of
 * their work ends, on the host and in a guest whose only vCPU is pinned to that host CPU, once with the host CPU
 * idle and once with an endless loop on it. In the guest, the loop shows as gaps the guest cannot explain.
 */
@Command(name = "sched-virt", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Time slices host vs guest: a guest cannot see the host taking its CPU.",
            "",
            "Protocol (the book's sched-virt.py and inf-loop.py):",
            " 1. labs writes its load program (a ~1.5 KB static x86-64 executable made",
            "    from labs' own source: no compiler needed) and runs it on the host:",
            "    pinned to CPU --cpu, it times its loop (fastest of 10 rounds) to get loop",
            "    turns per ms, takes the start time, then forks N processes (N = 1 2 3);",
            "    each does 100 steps of ~1 ms and records CLOCK_MONOTONIC after each.",
            "    Each side calibrates once, in its first run (host idle, N=1); later runs",
            "    there reuse it, so that a step is the same work under both conditions.",
            " 2. Two host conditions: idle, and an endless loop of the same program",
            "    pinned to the same CPU (killed with labs, whatever ends it). \"Idle\" is",
            "    checked first: a CPU already busy with other processes is said so.",
            " 3. A guest boots with 1 vCPU pinned to CPU --cpu; the same program, copied",
            "    in, runs pinned to the guest's CPU 0, under both host conditions.",
            "    Around each guest run: the guest's %%steal (/proc/stat) and the vCPU",
            "    thread's user and guest time as the host sees it (/proc).",
            "",
            "The program runs on the host from the guest's VM folder (no other user can",
            "write it); the run folder keeps a copy. With --connect qemu+ssh://USER@HOST/",
            "system the guest and the host's side run on that libvirt host: the program",
            "is copied there over the URI's ssh, and the host loop there ends with labs.",
            "",
            "Output: results/sched-virt/<timestamp>/: meta.json, steps.csv (side,",
            "host_condition, n, process, step, progress_pct, elapsed_ms), summary.csv",
            "(time to 100%%, longest gap, share of wall time lost, median step, %%steal,",
            "vCPU thread %%usr/%%guest), sched-SIDE-CONDITION-nN.png, raw/, sched-load.",
            "Under TCG (no usable KVM) every guest step is emulated and the guest has no",
            "steal clock: its %%steal stays empty.",
            ""},
        footer = {"", "First look (under a minute):  labs run sched-virt --quick"})
public final class SchedVirtLab implements Callable<Integer> {
    static final String LAB = "sched-virt";
    static final int STEPS = 100;
    /**
     * Loop turns per calibration round, ~2 ms: short rounds, so that on a busy machine some of the ten are never
     * interrupted (a host CPU turns the loop in 0.3-0.7 ns; TCG in ~5 ns).
     */
    static final long CAL_NATIVE = 5_000_000L;
    static final long CAL_TCG = 400_000L;
    /** The host loop's own limit: far past a run's length, so only labs ever ends it in practice. */
    static final int LOOP_MAX_SECONDS = 600;
    static final String GUEST_PROGRAM = "/tmp/sched-load";
    /** Above this share of busy time before the run, the lab says that "idle" is not idle. */
    static final double BUSY_WARNING_PCT = 20;

    @Mixin
    LabOptions lab;

    @Option(names = "--cpu", paramLabel = "N", defaultValue = "0",
            description = "Host CPU the vCPU, the host's processes and the host loop are pinned to (the book's "
                    + "CPU 0; default ${DEFAULT-VALUE}).")
    int cpu;

    @Option(names = "--quick", description = "Parallelism 1 and 2 only: a first look and the tests.")
    boolean quick;

    @Mixin
    LangOption lang;

    @Mixin
    MeasureLockOption lock;

    /** --connect URI: the guest runs as a transient libvirt domain there (see LibvirtLabEngine). */
    @Mixin
    labs.cli.vm.ConnectOption connect;

    /** Every run of the load program, and its summary, in the order measured. */
    record Measured(List<SchedRun> runs, List<SchedSummary> rows) {
        void add(SchedRun run, SchedSummary.CpuView cpu) {
            runs.add(run);
            rows.add(SchedSummary.of(run, cpu));
        }

        /**
         * How the next run on side gets its ms of work: its first run (host idle, N=1) calibrates ("s", cal turns
         * timed); every later run there is given that run's turns per ms ("f"), so that a step is the same work
         * under both host conditions. Calibrating under the host loop would halve the step and hide the loop.
         */
        Work perMs(String side, long cal) {
            return runs.stream().filter(r -> r.side().equals(side)).findFirst()
                    .map(r -> new Work(true, r.loopsPerMs())).orElse(new Work(false, cal));
        }
    }

    /** A run's ms of work: loops turns timed to calibrate (the program's mode s), or loops per ms given (mode f). */
    record Work(boolean given, long loops) {
        String mode() {
            return given ? "f" : "s";
        }
    }

    @Override
    public Integer call() throws Exception {
        List<Integer> ns = parallelism();   // options first: nothing starts on bad input
        Lang language = lang.get();
        LabEngine launcher = LabVms.forLab(LAB, language, connect);
        RemoteHalf.require(launcher, RemoteHalf.SCHED_VIRT, cpu);   // a remote libvirt host runs the host half
        try (MeasureLock held = lock.acquire(LAB)) {
            return measured(ns, language, launcher, held);
        }
    }

    private int measured(List<Integer> ns, Lang language, LabEngine launcher, MeasureLock held) throws Exception {
        LabRun run = LabRun.onHost(lab, LAB, launcher);
        run.meta.load = held.before();
        Versions.recordHost(run.meta.versions);
        run.meta.options.put("cpu", cpu);
        run.meta.options.put("parallelism", ns);
        run.meta.options.put("stepsPerProcess", STEPS);
        run.meta.options.put("hostConditions", List.of(HostCondition.IDLE.csvName, HostCondition.LOOP.csvName));
        run.meta.options.put("quick", quick);
        run.recordLang(language);
        run.save();

        Measured m = new Measured(new ArrayList<>(), new ArrayList<>());
        run.keepOnFailure(() -> writeTables(run, m));
        Accelerator accel = run.measure(() -> measure(run, ns, m));
        boolean tcg = accel == Accelerator.TCG;
        writeTables(run, m);
        MeasureLock.LoadReport load = held.after();
        run.meta.load = load;
        Conditions c = new Conditions(LabConditions.accel(accel), Msg.get(SummaryText.COND_SCHED_PROTOCOL, ns, STEPS,
                cpu), quick, Msg.get(SummaryText.COND_SCHED_RUNS), null, null, LabConditions.hostCpu(run), null,
                Msg.get(SummaryText.COND_SCHED_TIMING), LabConditions.today());
        run.meta.conditions = c;
        SchedReport.charts(run.path(), m.runs(), language, tcg, c);
        run.meta.notes.addAll(SchedReport.headline(m.rows(), false));   // the TCG note is there already
        if (load.warning() != null) {
            run.meta.notes.add(load.warning());
        }
        run.complete();
        System.out.print(c.summaryBlock(language));
        System.out.print(SchedReport.text(m.rows(), cpu, tcg));
        if (load.warning() != null) {
            Ui.warn("%s", load.warning());
        }
        System.out.println(Msg.get(SummaryText.RESULTS_ARROW, run.path()));
        return 0;
    }

    /** How busy the host's CPUs were just before (meta.json), and a warning when --cpu's was not idle. */
    private void recordBusy(LabRun run, CommandRunner host) throws Exception {
        double[] busy = CpuBusy.sample(HostProc.of(host), 500);
        List<Long> rounded = java.util.Arrays.stream(busy).mapToObj(Math::round).toList();
        run.meta.options.put("hostCpuBusyPctBefore", rounded);
        CpuBusy.warning(busy, cpu, BUSY_WARNING_PCT).ifPresent(w -> {
            Ui.warn("%s", w);
            run.meta.notes.add(w);
        });
    }

    private List<Integer> parallelism() {
        // a remote host's CPUs are checked there (RemoteHalf.require)
        int cpus = LabVms.remote(connect) ? 64 : Runtime.getRuntime().availableProcessors();
        if (cpu < 0 || cpu >= cpus || cpu > 63) {
            throw LabsException.usage(Msg.get(LabText.NOT_A_CPU, "--cpu", cpu),
                    Msg.get(LabText.GIVE, "0.." + Math.min(63, cpus - 1)));
        }
        return quick ? List.of(1, 2) : List.of(1, 2, 3);
    }

    /** Steps 1 to 3; the accelerator the guest ran under. */
    private Accelerator measure(LabRun run, List<Integer> ns, Measured m) throws Exception {
        CommandRunner host = run.launcher.host();   // on a remote libvirt host: there, over the URI's ssh
        RemoteHalf.record(run, host, RemoteHalf.SCHED_VIRT);
        recordBusy(run, host);
        // The guest is defined first: its folder, which no other user can write, is where the host runs the program.
        LabGuest vm = run.guest(LAB + "-" + run.path().getFileName())
                .keepConsoleAt(run.raw().resolve("guest-console.log"));
        Ui.progress(ProgressText.DEFINING_GUEST_PINNED, vm.name, cpu);
        var def = vm.create(new VmSpec(vm.name, 1, List.of(cpu), VmSpec.DEFAULT_MEMORY_MIB, 64, DiskFormat.QCOW2,
                CacheMode.NONE, AccelChoice.AUTO, false));
        String program = installProgram(run, host, run.launcher.hostFolder(def));
        for (HostCondition c : HostCondition.values()) {
            try (HostLoop loop = startLoop(run, host, program, c)) {
                for (int n : ns) {
                    Ui.progress(ProgressText.SCHED_HOST_RUN, c.csvName, n, STEPS, cpu);
                    m.add(runLoad(host, "host", program, c, n, m.perMs("host", CAL_NATIVE), run.raw()), null);
                }
            }
        }
        Ui.progress(ProgressText.STARTING_GUEST, vm.name);
        try (RunningVm guestVm = vm.start()) {
            Accelerator accel = guestVm.accelerator();
            boolean tcg = accel == Accelerator.TCG;
            run.meta.notes.add("vCPU thread ids on the " + RemoteHalf.host(run.launcher) + ": "
                    + guestVm.vcpuThreadIds() + ", pinned to CPU " + cpu);
            if (tcg) {
                run.meta.notes.add(SchedReport.TCG_NOTE);
            }
            run.save();
            long copy = System.nanoTime();
            LoadInstall.intoGuest(guestVm, GUEST_PROGRAM);
            Ui.progress(ProgressText.LOAD_PROGRAM_COPIED, GUEST_PROGRAM,
                    (System.nanoTime() - copy) / 1_000_000);
            CommandRunner guest = vm.watched(guestVm, null);
            HostProc vcpu = HostProc.of(host);   // the /proc of the host QEMU runs on
            for (HostCondition c : HostCondition.values()) {
                try (HostLoop loop = startLoop(run, host, program, c)) {
                    for (int n : ns) {
                        Ui.progress(ProgressText.SCHED_GUEST_RUN, c.csvName, n, STEPS);
                        guestRun(guestVm, guest, vcpu, c, n, tcg, m, run.raw());
                    }
                }
            }
            return accel;
        }
    }

    /**
     * The load program where the host runs it, the guest's host folder (removed with the guest): written here, or
     * copied over ssh to a remote libvirt host; the run folder keeps a copy either way.
     */
    private static String installProgram(LabRun run, CommandRunner host, Path hostFolder) throws Exception {
        SshHost ssh = RemoteHalf.ssh(host);
        return ssh == null ? LoadInstall.onHost(hostFolder, run.path(), run.meta).toString()
                : LoadInstall.onRemote(ssh, hostFolder, run.path(), run.meta);
    }

    /** The host loop for that condition (recorded in meta.json), or null when the host stays idle. */
    private HostLoop startLoop(LabRun run, CommandRunner host, String program, HostCondition c) throws Exception {
        if (c != HostCondition.LOOP) {
            return null;
        }
        SshHost ssh = RemoteHalf.ssh(host);
        HostLoop loop = ssh == null ? HostLoop.start(Path.of(program), cpu, LOOP_MAX_SECONDS)
                : HostLoop.overSsh(ssh, program, cpu, LOOP_MAX_SECONDS);
        run.meta.notes.add("host-loop: the load program's endless loop, pid " + loop.pid() + (ssh == null ? ""
                : " on " + ssh.display()) + ", pinned to CPU " + cpu);
        run.save();
        return loop;
    }

    /** One guest run with the CPU accounting around it. */
    private void guestRun(RunningVm vm, CommandRunner guest, HostProc vcpu, HostCondition c, int n, boolean tcg,
                          Measured m, Path raw) throws Exception {
        long tid = vm.vcpuThreadIds().get(0);
        long[] statBefore = CpuTicks.guestStat(guest);
        long[] threadBefore = CpuTicks.thread(vcpu, vm.pid(), tid);
        long t0 = System.nanoTime();
        SchedRun r = runLoad(guest, "guest", GUEST_PROGRAM, c, n, m.perMs("guest", tcg ? CAL_TCG : CAL_NATIVE),
                raw);
        long[] threadAfter = CpuTicks.thread(vcpu, vm.pid(), tid);
        // the thread's ticks were counted between the two reads: from one read's return to the other's (over ssh
        // each returns about as long after its cat ran as the other, so the round trips cancel; here both are us)
        double countedMs = (System.nanoTime() - t0) / 1e6;
        long[] statAfter = CpuTicks.guestStat(guest);
        m.add(r, CpuTicks.view(statBefore, statAfter, threadBefore, threadAfter, countedMs, tcg));
    }

    /** One run of the load program: N processes, STEPS steps, pinned to cpu on that side (its CPU 0 in the guest). */
    private SchedRun runLoad(CommandRunner side, String sideName, String program, HostCondition c, int n,
                             Work work, Path raw) throws Exception {
        int pin = sideName.equals("host") ? cpu : 0;
        var r = side.exec(List.of(program, work.mode(), Integer.toString(pin), Integer.toString(n),
                Integer.toString(STEPS), Long.toString(work.loops())), Duration.ofMinutes(5));
        if (!r.ok()) {
            throw LabsException.failed(Msg.get(LabText.LOAD_FAILED, SchedRun.sideWord(sideName), r.exitCode()),
                    Msg.get(LabText.LOAD_FAILED_WHY, pin) + "\n" + r.tail(3), null);
        }
        labs.common.ResultFile.writeString(raw.resolve(sideName + "-" + c.csvName + "-n" + n + ".txt"), r.stdout());
        return SchedRun.parse(sideName, c, n, STEPS, r.stdout());
    }

    private static void writeTables(LabRun run, Measured m) {
        SchedCsv.writeSteps(run.dir.file(SchedCsv.STEPS), m.runs());
        SchedCsv.writeSummary(run.dir.file(SchedCsv.SUMMARY), m.runs(), m.rows());
    }
}
