package labs.lab;

import labs.common.i18n.Msg;
import labs.common.i18n.SummaryText;
import labs.common.i18n.ProgressText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import labs.charts.ChartStyle;
import labs.charts.Conditions;
import labs.charts.Lang;
import labs.charts.VmExitChart;
import labs.charts.VmExitChart.Bar;
import labs.common.LabsException;
import labs.common.i18n.LabText;
import labs.common.ResultsDir;
import labs.common.Ui;
import labs.vmm.CpuMode;
import labs.vmm.GuestRunProof;
import labs.vmm.HeldVm;
import labs.vmm.KvmAccess;
import labs.vmm.KvmFlavor;
import labs.vmm.LongModeSetup;
import labs.vmm.Ports;
import labs.vmm.TinyGuest;
import labs.vmm.guest.GuestPrograms;
import labs.vmm.kvm.Kvm;
import labs.lab.vmexit.ExitProbes;
import labs.lab.vmexit.Probe;
import labs.lab.vmexit.ProbeCsv;
import labs.lab.vmexit.ProbeTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code labs run vm-exit}: VMX non-root vs root, made visible with a VMM small enough to read (package labs.vmm).
 * Guest code runs on the real CPU until it touches something only the hypervisor can handle; then the CPU leaves
 * the guest (a VM exit), KVM or this VMM handles it, and the guest resumes. This lab times both sides.
 */
@Command(name = "vm-exit", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Guest code on the real CPU vs VM exits: a tiny VMM in Java on /dev/kvm measures both.",
            "",
            "The guests are a few x86-64 instructions each, run in 64-bit mode at CPL3",
            "(ring 3) by this program's own VMM over the KVM API (no QEMU). Four steps,",
            "each repeated and reported as the median:",
            " 1. the same counting loop (add/dec/jnz) on the host and in the guest:",
            "    iterations per second, and their ratio;",
            " 2. what one exit costs: a port write handled by the VMM in user space, an",
            "    MMIO write (an address with no RAM) handled in user space, and a port",
            "    write KVM handles in the kernel (KVM_IOEVENTFD, how virtio devices are",
            "    kicked): why paravirtual devices batch their exits;",
            " 3. the first touch of guest pages (the host allocates and maps each page",
            "    on demand) vs touching pages already mapped;",
            " 4. the loop at CPL0 (ring 0) vs CPL3: on VT-x/AMD-V both run natively; on",
            "    a software nested KVM ring 0 is emulated instruction by instruction.",
            "Exits are counted by reason in the VMM; KVM's own counters",
            "(KVM_GET_STATS_FD) are saved beside them.",
            "",
            "Output: DIR/vm-exit/<timestamp>/: measurements.csv, exits.csv,",
            "kvm-stats.csv, guest-programs.txt (the machine code with its assembly),",
            "vm-exit-loop.png, vm-exit-costs.png, meta.json.",
            "Needs read-write access to /dev/kvm (root or the kvm group).",
            ""},
        footer = {"", "Example:  labs run vm-exit --quick      (a few seconds)",
            "          labs run vm-exit --lang ja   (the default sizes: about a minute)"})
public final class VmExitLab implements Callable<Integer> {
    @Mixin
    LabOptions lab;

    @Option(names = "--quick", description = "Small sizes and 3 repetitions: a few seconds (for tests and a first look).")
    boolean quick;

    @Option(names = "--loop", paramLabel = "N", description = "Loop iterations, host and guest (default 1e9; quick 2e7).")
    Long loop;

    @Option(names = "--exits", paramLabel = "N", description = "Exits per run in step 2 (default 20000; quick 1000).")
    Long exits;

    @Option(names = "--pages", paramLabel = "K", description = "4 KiB guest pages touched in step 3 (default 4096; quick 256).")
    Long pages;

    @Option(names = "--cpl0-loop", paramLabel = "N",
            description = "Loop iterations at CPL0 in step 4; 0 skips the step (default 20000, quick 1000 where ring 0 "
                    + "is emulated; as --loop where VT-x/AMD-V runs it natively).")
    Long cpl0Loop;

    @Option(names = "--repeat", paramLabel = "R", description = "Repetitions of every measurement (default 5; quick 3).")
    Integer repeat;

    @Mixin
    LangOption lang;

    @Mixin
    MeasureLockOption lock;

    /** The sizes after defaults, checked. */
    record Sizes(long loop, long exits, long pages, long cpl0Loop, int repeat) {}

    @Override
    public Integer call() throws Exception {
        KvmFlavor flavor = KvmFlavor.detect();
        Sizes s = sizes(flavor.hardware());   // options first: nothing is written on bad input
        Lang language = lang.get();
        try (Kvm kvm = KvmAccess.open();   // before the results folder: no access leaves nothing behind
             MeasureLock held = lock.acquire("vm-exit");
             HeldVm keys = HeldVm.open(kvm)) {   // the fresh VM of each measurement then patches no kernel code
            LabRun run = LabRun.onHost(lab, "vm-exit", null);   // the host fingerprint through OSHI, as every lab
            run.meta.load = held.before();
            Conditions c = new Conditions(LabConditions.kvmKind(), Msg.get(SummaryText.COND_VMEXIT_PROTOCOL)
                    + (s.cpl0Loop() > 0 ? Msg.get(SummaryText.COND_VMEXIT_CPL0) : ""), quick,
                    Msg.get(SummaryText.COND_RUNS_OF_EACH, s.repeat()), null, null, LabConditions.hostCpu(run), null,
                    Msg.get(SummaryText.COND_THREAD_CPU), LabConditions.today());
            run.meta.conditions = c;
            run.meta.accelerator = "kvm";
            run.meta.acceleratorReason = "the lab's own VMM on /dev/kvm (KVM API " + kvm.apiVersion() + "), "
                    + flavor.description();
            run.meta.versions.put("java", System.getProperty("java.version"));
            run.meta.versions.put("host kernel", System.getProperty("os.version"));
            run.meta.options.putAll(Map.of("loop", s.loop(), "exits", s.exits(), "pages", s.pages(),
                    "cpl0Loop", s.cpl0Loop(), "repeat", s.repeat()));
            run.recordLang(language);
            run.meta.notes.add("host loop: the guest's loop bytes, mapped executable in the JVM and called through JNA");
            run.meta.notes.add("times run from the guest's MARK port write to its DONE port write, on the vCPU thread;"
                    + " each guest runs in a fresh VM");
            run.save();
            ProbeTable table = run.measure(() -> {
                Ui.progress(ProgressText.VMEXIT_WARMUP, thousands(s.exits()));
                ExitProbes probes = new ExitProbes(kvm, s.exits());
                run.meta.notes.add("round trip (MARK exit to DONE exit, nothing between) taken off every guest "
                        + "timing: " + probes.roundTrip().wallNanos() + " ns wall, " + probes.roundTrip().cpuNanos()
                        + " ns CPU time of the vCPU thread");
                ProbeTable t = measure(probes, s);
                writeResults(run.dir, t, language, c);
                return t;
            });
            MeasureLock.LoadReport load = held.after();
            run.meta.load = load;
            if (load.warning() != null) {
                run.meta.notes.add(load.warning());
            }
            run.complete();
            System.out.print(c.summaryBlock(language));
            printSummary(table, flavor, s, run.dir);
            if (load.warning() != null) {
                Ui.warn("%s", load.warning());
            }
        }
        return 0;
    }

    /**
     * @param ring0Native VT-x/AMD-V runs the guest's ring 0 natively: the CPL0 loop then needs as many iterations
     *                    as the CPL3 one to rise above a VM exit's cost (20,000 took 0.04 ms against a ~1 ms round
     *                    trip inside the emulated AMD-V machine: "282x slower", all noise); where ring 0 is emulated
     *                    (~3 us an iteration) that many would take an hour
     */
    private Sizes sizes(boolean ring0Native) {
        long nLoop = size(loop, 1_000_000_000L, 20_000_000L, "--loop", 100_000_000_000L);
        long nExits = size(exits, 20_000, 1_000, "--exits", 10_000_000);
        long nPages = size(pages, 4096, 256, "--pages", Long.MAX_VALUE);
        long nCpl0 = cpl0Loop != null && cpl0Loop == 0 ? 0 : ring0Native
                ? size(cpl0Loop, 1_000_000_000L, 20_000_000L, "--cpl0-loop", 100_000_000_000L)
                : size(cpl0Loop, 20_000, 1_000, "--cpl0-loop", 100_000_000);
        int reps = (int) size(repeat == null ? null : (long) repeat, 5, 3, "--repeat", 100);
        if (nPages > 200_000) {
            throw LabsException.usage(Msg.get(LabText.PAGES_TOO_MANY, nPages), Msg.get(LabText.PAGES_FIX));
        }
        return new Sizes(nLoop, nExits, nPages, nCpl0, reps);
    }

    /** The experiment, step by step, as in the book: what runs where, what is timed. */
    private ProbeTable measure(ExitProbes probes, Sizes s) {
        ProbeTable t = new ProbeTable();
        long nLoop = s.loop();
        long nExits = s.exits();
        long nPages = s.pages();
        long nCpl0 = s.cpl0Loop();
        int reps = s.repeat();

        Ui.progress(ProgressText.VMEXIT_STEP0);
        GuestRunProof proof = TinyGuest.runTinyGuest(Ui.TERMINAL);
        if (!proof.ran()) {
            throw LabsException.failed(Msg.get(LabText.TINY_GUEST_DID_NOT_RUN), proof.error(), null);
        }
        Ui.progress("%s", proof.summary());

        for (int r = 1; r <= reps; r++) {
            Ui.progress(ProgressText.VMEXIT_STEP1, r, reps, thousands(nLoop));
            t.add(1, r, probes.hostLoop(nLoop));                        // the CPU runs it for this process
            t.add(1, r, probes.guestLoop(nLoop, CpuMode.USER_CPL3));    // the CPU runs it for the guest
        }
        for (int r = 1; r <= reps; r++) {
            Ui.progress(ProgressText.VMEXIT_STEP2, r, reps, thousands(nExits));
            t.add(2, r, probes.portExitsToUserSpace(nExits));   // guest -> KVM -> this Java VMM -> back
            t.add(2, r, probes.mmioExitsToUserSpace(nExits));   // a store where no RAM is: same round trip
            t.add(2, r, probes.portExitsInKernel(nExits));      // guest -> KVM (eventfd + 1) -> back
        }
        for (int r = 1; r <= reps; r++) {
            Ui.progress(ProgressText.VMEXIT_STEP3, r, reps, thousands(nPages));
            for (Probe p : probes.pageTouches(nPages)) {
                t.add(3, r, p);
            }
        }
        if (nCpl0 > 0) {
            for (int r = 1; r <= reps; r++) {
                Ui.progress(ProgressText.VMEXIT_STEP4, r, reps, thousands(nCpl0));
                t.add(4, r, probes.guestLoop(nCpl0, CpuMode.KERNEL_CPL0));   // compared with step 1 at CPL3
            }
        }
        return t;
    }

    private static void writeResults(ResultsDir run, ProbeTable t, Lang language, Conditions c) {
        ProbeCsv.measurements(run.file("measurements.csv"), t.rows());
        ProbeCsv.exits(run.file("exits.csv"), t.rows());
        ProbeCsv.kvmStats(run.file("kvm-stats.csv"), t.rows());
        run.writeString("guest-programs.txt", String.join("\n",
                GuestPrograms.countingLoop(1000).listingText(),
                GuestPrograms.countingLoopForHost(1000).listingText(),
                GuestPrograms.portWrites(Ports.DEVICE, 1000).listingText(),
                GuestPrograms.mmioWrites(ExitProbes.MMIO_ADDRESS, 1000).listingText(),
                GuestPrograms.portWrites(Ports.DOORBELL, 1000).listingText(),
                GuestPrograms.touchPages(LongModeSetup.FIRST_FREE, 1000).listingText()));

        VmExitChart chart = new VmExitChart(ChartStyle.forLang(language, Ui.TERMINAL), c);
        // CPU time: wall time also counts waiting for a CPU, which a busy host puts on one side or the other
        List<Bar> loop = new ArrayList<>();
        loop.add(new Bar("ホスト", "host", t.medianCpuNsPerOp("loop", "host")));
        loop.add(new Bar("ゲスト CPL3", "guest CPL3", t.medianCpuNsPerOp("loop", "guest CPL3")));
        if (t.last("loop", "guest CPL0") != null) {
            loop.add(new Bar("ゲスト CPL0", "guest CPL0", t.medianCpuNsPerOp("loop", "guest CPL0")));
        }
        chart.loop(loop, run.path());
        chart.costs(List.of(
                new Bar("ポートI/O → VMM", "port I/O → VMM", us(t, "port-io-user")),
                new Bar("MMIO → VMM", "MMIO → VMM", us(t, "mmio-user")),
                new Bar("ポートI/O → KVM内", "port I/O → in KVM", us(t, "port-io-ioeventfd")),
                new Bar("ページ初回アクセス", "page first touch", us(t, "page-first-touch")),
                new Bar("マップ済みページ", "page mapped", us(t, "page-touch-mapped"))), run.path());
    }

    private static double us(ProbeTable t, String name) {
        return t.medianNsPerOp(name, ExitProbes.where(CpuMode.USER_CPL3)) / 1000.0;
    }

    private static void printSummary(ProbeTable t, KvmFlavor flavor, Sizes s, ResultsDir run) {
        var out = System.out;
        long nLoop = s.loop();
        long nCpl0 = s.cpl0Loop();
        String g3 = ExitProbes.where(CpuMode.USER_CPL3);
        out.println(Msg.get(SummaryText.VMEXIT_HEADLINE, s.repeat(), flavor.description()));
        out.println(Msg.get(SummaryText.VMEXIT_TIMES));
        double host = t.medianNsPerOp("loop", "host");
        double guest = t.medianNsPerOp("loop", g3);
        double hostCpu = t.medianCpuNsPerOp("loop", "host");
        double guestCpu = t.medianCpuNsPerOp("loop", g3);
        out.println(Msg.get(SummaryText.VMEXIT_S1, thousands(nLoop)));
        out.println(Msg.get(SummaryText.VMEXIT_S1_HOST, f("%8.3f", host), f("%.3f", hostCpu)));
        out.println(Msg.get(SummaryText.VMEXIT_S1_GUEST, f("%8.3f", guest), f("%.3f", guestCpu),
                f("%.3f", guest / host), f("%.3f", guestCpu / hostCpu)));
        double port = t.medianNsPerOp("port-io-user", g3) / 1e3;
        double efd = t.medianNsPerOp("port-io-ioeventfd", g3) / 1e3;
        out.println(Msg.get(SummaryText.VMEXIT_S2, thousands(s.exits())));
        out.println(Msg.get(SummaryText.VMEXIT_S2_PORT, f("%7.2f", port),
                f("%.2f", t.medianCpuNsPerOp("port-io-user", g3) / 1e3)));
        out.println(Msg.get(SummaryText.VMEXIT_S2_MMIO, f("%7.2f", t.medianNsPerOp("mmio-user", g3) / 1e3),
                f("%.2f", t.medianCpuNsPerOp("mmio-user", g3) / 1e3)));
        out.println(Msg.get(SummaryText.VMEXIT_S2_KERNEL, f("%7.2f", efd),
                f("%.2f", t.medianCpuNsPerOp("port-io-ioeventfd", g3) / 1e3), f("%.1f", port / efd)));
        out.println(Msg.get(SummaryText.VMEXIT_S2_EXITS, t.last("port-io-user", g3).exits(),
                t.last("port-io-ioeventfd", g3).exits()));
        Map<String, Long> ks = t.last("port-io-ioeventfd", g3).kvmStats();
        if (!ks.isEmpty()) {
            out.println(Msg.get(SummaryText.VMEXIT_S2_KVM_EFD, pick(ks)));
            out.println(Msg.get(SummaryText.VMEXIT_S2_KVM_MMIO, pick(t.last("mmio-user", g3).kvmStats())));
        }
        double first = t.medianNsPerOp("page-first-touch", g3) / 1e3;
        double again = t.medianNsPerOp("page-touch-mapped", g3) / 1e3;
        out.println(Msg.get(SummaryText.VMEXIT_S3, thousands(s.pages())));
        out.println(Msg.get(SummaryText.VMEXIT_S3_FIRST, f("%7.2f", first),
                f("%.2f", t.medianCpuNsPerOp("page-first-touch", g3) / 1e3)));
        out.println(Msg.get(SummaryText.VMEXIT_S3_AGAIN, f("%7.3f", again), again > 0
                ? Msg.get(SummaryText.VMEXIT_S3_FASTER, f("%.0f", first / again))
                : Msg.get(SummaryText.VMEXIT_S3_UNRESOLVED)));
        ks = t.last("page-first-touch", g3).kvmStats();
        if (!ks.isEmpty()) {
            out.println(Msg.get(SummaryText.VMEXIT_S3_KVM, pick(ks)));
        }
        if (nCpl0 > 0) {
            double k0 = t.medianNsPerOp(4, "loop", ExitProbes.where(CpuMode.KERNEL_CPL0));
            // Where ring 0 runs natively the ratio is near 1 (0.4 inside the emulated AMD-V machine): "%,.0f" said "0x".
            out.println(Msg.get(SummaryText.VMEXIT_S4, thousands(nCpl0), f("%.1f", k0), f("%.3f", guest),
                    f(k0 / guest < 10 ? "%.1f" : "%,.0f", k0 / guest)));
            // The KVM in use decides which sentence holds, not the ratio alone: a short loop is all noise.
            out.println(!flavor.hardware() && k0 / guest > 20 ? Msg.get(SummaryText.VMEXIT_S4_EMULATED)
                    : flavor.hardware() && k0 / guest > 2 ? Msg.get(SummaryText.VMEXIT_S4_NOISY, flavor.description())
                    : Msg.get(SummaryText.VMEXIT_S4_NATIVE));
        }
        out.println(Msg.get(SummaryText.VMEXIT_RESULTS, run.path()));
    }

    /** The KVM counters a student can relate to the experiment, when present. */
    /** A figure as the summary always printed it (dot decimals, whatever the locale). */
    private static String f(String format, double v) {
        return String.format(java.util.Locale.ROOT, format, v);
    }

    /** 20,000,000: counts as the progress lines always showed them. */
    private static String thousands(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }

    private static String pick(Map<String, Long> stats) {
        StringBuilder sb = new StringBuilder();
        for (String k : List.of("exits", "io_exits", "mmio_exits", "pf_fixed", "pf_taken", "insn_emulation",
                "signal_exits", "halt_exits")) {
            if (stats.containsKey(k)) {
                sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(stats.get(k));
            }
        }
        return sb.length() == 0 ? stats.toString() : sb.toString();
    }

    /**
     * given (else the default for --quick or not), 1..max. The maxima keep a run within hours: the loop runs
     * natively (~0.7 ns an iteration: 1e11 is ~70 s a run), an exit costs ~5-40 us (1e7 is minutes), a CPL0
     * iteration is emulated at ~3 us (1e8 is ~5 minutes); a bigger number ran for days with no way to know.
     */
    private long size(Long given, long normal, long small, String option, long max) {
        long v = given != null ? given : quick ? small : normal;
        if (v < 1 || v > max) {
            throw LabsException.usage(option + " " + v + " is out of range", "give 1.." + max + " (default "
                    + normal + ", --quick " + small + ")");
        }
        return v;
    }
}
