package labs.lab;

import labs.common.i18n.Msg;
import labs.common.i18n.SummaryText;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import labs.common.DaemonTask;
import labs.common.JsonOut;
import labs.common.LabsException;
import labs.common.i18n.LabText;
import labs.common.ResultsDir;
import labs.common.Ui;
import labs.cpuinfo.ReportText;
import labs.cpuinfo.SysrootDump;
import labs.cpuinfo.VtCheck;
import labs.cpuinfo.check.Finding;
import labs.cpuinfo.check.Host;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The chapter's first experiment: does this CPU support hardware virtualization? The book runs
 * {@code egrep -c '^flags.*(vmx|svm)' /proc/cpuinfo}; this lab counts the same thing, then checks everything else
 * KVM needs (kernel modules, /dev/kvm, the KVM API, firmware, QEMU) and says which accelerator the guests of the
 * later labs will use.
 */
@Command(name = "vt-check", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Can this machine run guests under KVM? The book's vmx/svm count, kvm-ok and "
                + "virt-host-validate in one report.",
            "",
            "The book's test is `egrep -c '^flags.*(vmx|svm)' /proc/cpuinfo`: the number of logical CPUs whose flags "
                + "show Intel VT-x (vmx) or AMD-V (svm). 0 means the CPU, its firmware or the hypervisor this "
                + "machine runs under does not offer hardware virtualization, and QEMU must emulate the guest's CPU "
                + "in software (TCG), many times slower than the hardware.",
            "",
            "Each line is PASS, WARN, FAIL, NOTE (worth knowing, nothing to fix for the labs) or SKIP (could not be"
                + " checked: needs root or the live machine), with its cause and the exact fix. The last two lines "
                + "are kvm-ok's verdict and the accelerator (kvm or tcg) the later labs will use.",
            ""},
        footer = {"", "Exit codes: 0 KVM usable, 1 not usable (guests run under TCG), 2 usage error or inconclusive.",
            "Reason codes (--json verdict.reasonCode): ok, ok-from-dump, no-hw-virt, hw-virt-disabled-in-firmware, "
                + "not-x86, no-kvm-module, no-dev-kvm, kvm-no-access, kvm-api-broken, cpuinfo-unreadable.",
            "Results: results/vt-check/TIME/ holds report.txt, report.json, checks.csv, meta.json, cpuinfo.txt and "
                + "sysroot/ (what was read: cpuinfo, KVM module parameters, DMI names; a few KB).",
            "Checking a student's machine: they hand in results/vt-check/TIME/; you run "
                + "`labs run vt-check --sysroot TIME/sysroot` (or `--cpuinfo TIME/cpuinfo.txt`)."})
public final class VtCheckLab implements Callable<Integer> {
    @Mixin
    LabOptions lab;

    /** Read by the command line before parsing (labs.cli.LangChoice): vt-check draws no chart, but speaks. */
    @Mixin
    LangOption lang;

    @Option(names = "--json", description = "Print the report as JSON (stable ids and reason codes) instead of text.")
    boolean json;

    @Option(names = "--cpuinfo", paramLabel = "FILE",
            description = "Check a saved copy of another machine's /proc/cpuinfo instead of this machine.")
    Path cpuinfo;

    @Option(names = "--sysroot", paramLabel = "DIR",
            description = "Check a saved dump: DIR holds proc/cpuinfo and sys/... (as `lscpu --sysroot` reads).")
    Path sysroot;

    /** Every lab takes --quick (the README says so, and a class types it for every lab alike). */
    @Option(names = "--quick", description = "Accepted for symmetry with the other labs; changes nothing here: the "
            + "checks take about a second.")
    boolean quick;

    @Spec
    CommandSpec spec;

    /** The machine that was checked and what the checks found. */
    private record Checked(Host host, VtCheck.Report report) {
        static Checked thisMachine() {
            Host host = Host.thisMachine();
            return new Checked(host, VtCheck.live(Ui.TERMINAL).run(host));
        }
    }

    @Override
    public Integer call() throws Exception {
        boolean live = cpuinfo == null && sysroot == null;
        // The live checks (mostly waiting on JNA and child processes) overlap writing the results folder.
        CompletableFuture<Checked> checked = live ? DaemonTask.start("vt-check", Checked::thisMachine) : null;
        // Bad input (a missing, binary or huge file) stops here, before any results folder exists.
        Host dumped = live ? null : Host.dump(sysroot, cpuinfo);
        LabRun run = LabRun.start(lab, "vt-check");   // the host is the one the report names
        run.meta.versions.put("java", System.getProperty("java.version"));
        run.meta.options.put("json", json);
        run.meta.options.put("quick", quick);
        run.meta.options.put("cpuinfo", cpuinfo == null ? null : cpuinfo.toString());
        run.meta.options.put("sysroot", sysroot == null ? null : sysroot.toString());
        // Saved at once, incomplete, as every lab does: a run stopped midway (Ctrl-C) leaves a folder that says so.
        run.save();
        VtCheck.Report report = run.measure(() -> check(run, live ? checked : null, dumped));
        run.complete();

        var out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(report));
        } else {
            out.print(ReportText.body(report));
            out.println();
            out.println(Msg.get(SummaryText.VTCHECK_SUMMARY, ReportText.counts(report), report.cpu().hwVirtCount(),
                    report.cpu().processors(), run.path()));
            out.print(ReportText.verdict(report));
        }
        out.flush();
        return report.verdict().exitCode();
    }

    /** The checks (live ones from their task, else on the dump), and their report written in the results folder. */
    private VtCheck.Report check(LabRun run, CompletableFuture<Checked> live, Host dumped) {
        ResultsDir dir = run.dir;
        // Copying the sysroot is plain file I/O: it overlaps the checks, which mostly wait on JNA and child
        // processes.
        CompletableFuture<Void> saved = live != null ? CompletableFuture.runAsync(() -> saveSysroot(dir.file("sysroot")))
                : CompletableFuture.completedFuture(null);
        Checked checked = live != null ? join(live) : new Checked(dumped, VtCheck.dump(sysroot).run(dumped));
        VtCheck.Report report = checked.report();
        run.meta.host = report.host();
        run.meta.accelerator = report.verdict().accelerator();
        run.meta.acceleratorReason = report.verdict().reasonCode() + ": " + report.verdict().reason();
        report.findings().stream().filter(f -> f.id().equals("qemu") && f.title().contains("QEMU emulator version"))
                .findFirst().ifPresent(f -> run.meta.versions.put("qemu", f.title().replaceAll(".*version ", "")));
        run.meta.options.put("mode", report.mode());
        String text = ReportText.body(report) + "\n" + ReportText.verdict(report);
        dir.writeString("cpuinfo.txt", checked.host().cpuinfoText());
        join(saved);
        dir.writeString("report.txt", text);
        dir.writeJson("report.json", report);
        dir.writeString("checks.csv", csv(report));
        return report;
    }

    /** What the checks read, as a sysroot a teacher can check again with --sysroot (a few KB). */
    private static void saveSysroot(Path to) {
        try {
            SysrootDump.save(Path.of("/"), to);
        } catch (IOException e) {
            throw new LabsException(Msg.get(LabText.SYSROOT_CANNOT_SAVE, to), String.valueOf(e.getMessage()),
                    Msg.get(LabText.SYSROOT_CANNOT_SAVE_FIX));
        }
    }

    private static String toJson(VtCheck.Report r) {
        return JsonOut.toString(r);
    }

    /** The task's own exceptions (a LabsException, a bug) as if it had run on this thread. */
    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static String csv(VtCheck.Report r) {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
                .setHeader("id", "status", "title", "cause", "fix").get())) {
            for (Finding f : r.findings()) {
                p.printRecord(f.id(), f.status(), f.title(), f.why(), f.fix());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
