package labs.lab;

import labs.common.i18n.Msg;
import labs.common.i18n.SummaryText;
import labs.common.i18n.LauncherText;
import labs.common.i18n.VmText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import labs.charts.ChartStyle;
import labs.cli.vm.Columns;
import labs.charts.Lang;
import labs.charts.LifecycleChart;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.i18n.LabText;
import labs.common.ResultsDir;
import labs.common.Ui;
import labs.launcher.AccelChoice;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.Launcher;
import labs.launcher.RunningVm;
import labs.launcher.VmSpec;
import labs.launcher.vm.StorageCleaner;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmName;
import labs.launcher.vm.VmStatus;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The article's VM lifecycle, step by step, with our launcher in place of virt-install / virsh / virt-clone:
 * create, start, list, dumpxml, clone, start both, look at the two qemu-system processes and their vCPU threads,
 * run a command in each, destroy the clone, undefine it with its storage, and see that its files are gone.
 */
@Command(name = "vm-lifecycle", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The article's VM lifecycle: create, start, list, dumpxml, clone, exec, destroy, undefine.",
            "",
            "Step by step: create, start, list, dumpxml, clone, two guests at once, their qemu-system processes and "
                + "vCPU threads, a command in each, destroy the clone, undefine it with --remove-all-storage. Each "
                + "step prints the command the book types (virt-install, virsh, virt-clone, ps) and the labs command "
                + "that does the same here, then its output. A VM is a qemu-system-x86_64 process on the host; each "
                + "vCPU is one of its threads (pinned like the book's --cpuset=0), and a linked clone is a small "
                + "qcow2 file that reads unwritten blocks from a base image.",
            "",
            "Writes results/vm-lifecycle/<timestamp>/: transcript.txt, domain.xml, ps.txt, steps.csv (seconds per "
                + "step), steps.png and meta.json. Both VMs are removed at the end unless --keep, which leaves "
                + "the first one running (started again as `labs vm start` does, so that it outlives the lab), "
                + "ready for `labs vm exec NAME -- ...`. --quick is accepted, as by every lab, and changes nothing.",
            ""},
        footer = {"", "Each step alone: labs vm --help"})
public final class VmLifecycleLab implements Callable<Integer> {
    @Mixin
    LabOptions lab;

    @Option(names = "--name", defaultValue = "lifecycle",
            description = "Name of the first VM; the clone is NAME-clone (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--cpuset", defaultValue = "0",
            description = "Host CPU the vCPU threads are pinned to, as the book's --cpuset=0 (default: ${DEFAULT-VALUE}).")
    int cpu;

    @Option(names = "--memory", paramLabel = "MiB", defaultValue = "256", description = "Guest memory (default: "
            + "${DEFAULT-VALUE} MiB).")
    int memoryMiB;

    @Option(names = "--accel", defaultValue = "auto", converter = LowerCaseEnum.Accel.class,
            description = "auto, kvm or tcg (default: ${DEFAULT-VALUE}).")
    AccelChoice accel;

    @Mixin
    LangOption lang;

    @Option(names = "--keep", description = "Leave the first VM running at the end, to go on with it through "
            + "labs vm (the clone is always removed: that is the last step).")
    boolean keep;

    /** Every lab takes --quick (the README says so and handouts pass it alike); here nothing is long to shorten. */
    @Option(names = "--quick", description = "Accepted for symmetry with the other labs; changes nothing here: the "
            + "walk-through is already short (two boots).")
    boolean quick;

    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private Transcript t;
    private Launcher launcher;
    private LabRun labRun;

    @Override
    public Integer call() throws Exception {
        VmSpec spec = spec();   // options first: nothing is created on bad input
        Lang language = lang.get();
        t = new Transcript(System.out);
        // Every package the walk-through needs (the guest image copies the host's fio and sysstat too), asked once
        // before anything is created: the launcher would otherwise ask step by step, after a VM exists.
        launcher = LabVms.forLab("vm-lifecycle", language);
        refuseExisting(name, name + "-clone");
        labRun = LabRun.onHost(lab, "vm-lifecycle", launcher);
        labRun.meta.versions.put("host kernel", Versions.of(HostRunner.INSTANCE, "uname", "-r"));
        labRun.meta.versions.put("qemu", Versions.of(HostRunner.INSTANCE, "qemu-system-x86_64", "--version"));
        labRun.meta.versions.put("java", System.getProperty("java.version"));
        labRun.meta.options.putAll(Map.of("name", name, "cpuset", cpu, "memoryMiB", memoryMiB,
                "accel", accel.name().toLowerCase(Locale.ROOT), "keep", keep, "quick", quick));
        labRun.recordLang(language);
        labRun.save();
        labRun.keepOnFailure(() -> labRun.dir.writeString("transcript.txt", t.text()));
        labRun.measure(() -> {
            walkThrough(labRun.guest(name), labRun.guest(name + "-clone"), spec);
            return null;
        });
        writeCsvAndChart(labRun.dir, language);
        labRun.meta.conditions = conditions();
        labRun.complete();
        t.line("");
        conditions().lines(language).forEach(l -> t.line(Msg.get(SummaryText.LC_CONDITIONS, l)));
        t.line(Msg.get(SummaryText.LC_SUMMARY, fmt("create"), fmt("start"), labRun.meta.accelerator, fmt("clone"),
                fmt("destroy"), fmt("undefine")));
        t.line(Msg.get(SummaryText.RESULTS, labRun.path()));
        labRun.dir.writeString("transcript.txt", t.text());
        return 0;
    }

    private VmSpec spec() {
        VmName.check(name);
        VmName.check(name + "-clone");
        if (cpu < 0 || cpu >= Runtime.getRuntime().availableProcessors()) {
            throw LabsException.usage(Msg.get(LabText.NOT_A_CPU, "--cpuset", cpu),
                    Msg.get(LabText.CHOOSE, "0.." + (Runtime.getRuntime().availableProcessors() - 1)));
        }
        VmSpec spec = new VmSpec(name, 1, List.of(cpu), memoryMiB, 256, DiskFormat.QCOW2, CacheMode.NONE, accel,
                false);
        Launcher.check(spec);
        return spec;
    }

    private void refuseExisting(String... names) {
        for (String n : names) {
            if (launcher.store().exists(n)) {
                throw LabsException.usage(Msg.get(LabText.LC_NAME_TAKEN, n), Msg.get(LabText.LC_NAME_TAKEN_FIX,
                        "labs vm destroy " + n + "; labs vm undefine " + n + " --remove-all-storage"));
            }
        }
    }

    /** The ten steps; the lab's VMs are removed after them (first unless --keep), the clone by step 10 itself. */
    private void walkThrough(LabGuest first, LabGuest clone, VmSpec spec) throws Exception {
        t.line(Msg.get(SummaryText.LC_TITLE, launcher.store().root()));
        RunningVm vm = createAndLook(first, spec);
        cloneIt(first, vm, clone);
        bothRunning(first, clone);
        undefineClone(clone);
        if (keep) {
            keepRunning(first);
        } else {
            // Step 9's list still shows it running: say where it goes rather than let it vanish unexplained.
            t.line("");
            t.line(Msg.get(SummaryText.LC_REMOVES, name));
        }
    }

    /** Steps 1 to 4: create, start, list, dumpxml. */
    private RunningVm createAndLook(LabGuest first, VmSpec spec) throws Exception {
        t.step(1, Msg.get(SummaryText.LC_STEP_CREATE), "virt-install --name " + name + " --vcpus 1 --cpuset=" + cpu + " --memory "
                + memoryMiB + " --disk size=1 ...");
        t.command("labs vm create " + name + " --vcpus 1 --cpuset=" + cpu + " --memory " + memoryMiB
                + " --disk-size 256");
        VmDefinition def = timed("create", () -> first.create(spec));
        t.output(Msg.get(LauncherText.LC_CREATED, def.uuid(), def.disk().path(), def.image().kernelRelease(),
                def.image().kernelSource()));

        t.step(2, Msg.get(SummaryText.LC_STEP_START), "virsh start " + name);
        t.command("labs vm start " + name);
        RunningVm vm = timed("start", first::start);
        labRun.save();
        t.output(Msg.get(LauncherText.LC_RUNNING, vm.pid(), vm.accelerator().qemuName(), vm.acceleratorReason()));

        t.step(3, Msg.get(SummaryText.LC_STEP_LIST), "virsh list --all");
        t.command("labs vm list");
        t.output(table(launcher.list()));

        t.step(4, Msg.get(SummaryText.LC_STEP_DUMPXML), "virsh dumpxml " + name);
        t.command("labs vm dumpxml " + name + "   (saved as domain.xml)");
        String xml = launcher.dumpXml(name);
        labRun.dir.writeString("domain.xml", xml);
        // Whole: the book runs dumpxml to find the disk file (<source file=...>), which comes after the first lines.
        t.output(xml);
        t.output("(its data disk is the file in <source file=...>: " + def.disk().path() + ")");
        return vm;
    }

    /** Step 5: virt-clone wants the source shut off. */
    private void cloneIt(LabGuest first, RunningVm vm, LabGuest clone) throws Exception {
        t.step(5, Msg.get(SummaryText.LC_STEP_CLONE),
                "virsh shutdown " + name + "; virt-clone --original " + name + " --name " + clone.name
                        + " --auto-clone");
        t.command("labs vm shutdown " + name);
        timed("shutdown", () -> {
            vm.shutdown();
            return null;
        });
        t.command("labs vm clone " + name + " " + clone.name);
        VmDefinition cloned = timed("clone", () -> clone.cloneOf(first, false));
        t.output(Msg.get(LauncherText.LC_CLONED, cloned.uuid(), clone.name, cloned.disk().path(),
                cloned.disk().backingFile()) + "\n" + qemuImgInfo(cloned.disk().path()));
    }
    /** Steps 6 to 9: two guests at once, as processes and threads on the host; a command in each; destroy one. */
    private void bothRunning(LabGuest first, LabGuest clone) throws Exception {
        t.step(6, Msg.get(SummaryText.LC_STEP_START_BOTH), "virsh start " + name + "; virsh start " + clone.name);
        t.command("labs vm start " + name + "; labs vm start " + clone.name);
        try (RunningVm a = timed("start " + name, first::start);
             RunningVm b = timed("start " + clone.name, clone::start)) {

            t.step(7, Msg.get(SummaryText.LC_STEP_PROCESSES),
                    "ps ax | grep qemu-system; ps -L -p PID");
            t.command("ps -L -o pid,lwp,psr,comm -p " + a.pid() + "," + b.pid());
            String ps = run("ps", "-L", "-o", "pid,lwp,psr,comm", "-p", a.pid() + "," + b.pid());
            labRun.dir.writeString("ps.txt", ps);
            t.output(ps + "\n" + Msg.get(LauncherText.LC_VCPU_THREADS, name, String.valueOf(a.vcpuThreadIds()), clone.name,
                    String.valueOf(b.vcpuThreadIds()), cpu));

            t.step(8, Msg.get(SummaryText.LC_STEP_EXEC), "ssh GUEST uname -r; df -h /");
            for (RunningVm vm : List.of(a, b)) {
                t.command("labs vm exec " + vm.name() + " -- uname -r");
                ExecResult r = vm.exec(List.of("uname", "-r"), Duration.ofSeconds(60));
                t.output(r.stdout() + r.stderr());
                t.command("labs vm exec " + vm.name() + " -- df -h /data");
                ExecResult df = vm.exec(List.of("df", "-h", "/data"), Duration.ofSeconds(60));
                t.output(df.stdout() + df.stderr());
            }

            t.step(9, Msg.get(SummaryText.LC_STEP_DESTROY), "virsh destroy " + clone.name);
            t.command("labs vm destroy " + clone.name);
            timed("destroy", () -> {
                b.destroy();
                return null;
            });
            t.command("labs vm list");
            t.output(table(launcher.list()));
        }
    }

    /**
     * Step 11 (--keep): the lab's own boots die with it (a killed lab leaves no qemu), so the kept VM is booted
     * again as `labs vm start` does, detached, and only then released from the lab.
     */
    private void keepRunning(LabGuest first) {
        t.step(11, Msg.get(SummaryText.LC_STEP_KEEP, name), "virsh start " + name);
        t.command("labs vm start " + name);
        try (RunningVm vm = launcher.startDetached(name)) {   // closing only disconnects from a detached VM
            first.keep();
            t.output(Msg.get(LauncherText.LC_KEPT_RUNNING, vm.pid()));
        }
        t.line("");
        t.line(Msg.get(SummaryText.LC_KEPT, name));
    }

    /** Step 10: virsh undefine --remove-all-storage, and the clone's folder is gone. */
    private void undefineClone(LabGuest clone) throws Exception {
        t.step(10, Msg.get(SummaryText.LC_STEP_UNDEFINE), "virsh undefine " + clone.name + " --remove-all-storage");
        Path cloneDir = launcher.store().dir(clone.name);
        t.command("ls -la " + cloneDir);
        t.output(run("ls", "-la", cloneDir.toString()));
        t.command("labs vm undefine " + clone.name + " --remove-all-storage");
        StorageCleaner.Report rep = timed("undefine", () -> launcher.undefine(clone.name, true));
        t.output(Msg.get(rep.deleted().size() == 1 ? LauncherText.LC_REMOVED_ONE : LauncherText.LC_REMOVED_MANY,
                rep.deleted().size()) + (rep.kept().isEmpty() ? Msg.get(LauncherText.LC_REMOVED_ALL)
                        : Msg.get(LauncherText.LC_KEPT, String.join("; ", rep.kept()))));
        t.command("ls -la " + cloneDir);
        t.output(Files.exists(cloneDir) ? run("ls", "-la", cloneDir.toString())
                : "ls: cannot access '" + cloneDir + "': No such file or directory" + Msg.get(LauncherText.LC_GONE));
        if (Files.exists(cloneDir)) {
            throw LabsException.failed(Msg.get(LauncherText.LC_CLONE_FOLDER_LEFT, cloneDir), null, null);
        }
    }

    private <T> T timed(String label, LabRun.Steps<T> step) throws Exception {
        long t0 = System.nanoTime();
        T v = step.run();
        seconds.put(label, (System.nanoTime() - t0) / 1e9);
        return v;
    }

    private String fmt(String label) {
        Double s = seconds.get(label);
        return s == null ? "-" : String.format("%.2f", s);
    }

    /** What the steps were timed under: the accelerator the guests booted with, one wall-clock run. */
    private labs.charts.Conditions conditions() {
        labs.launcher.Accelerator a = "tcg".equals(labRun.meta.accelerator) ? labs.launcher.Accelerator.TCG
                : "kvm".equals(labRun.meta.accelerator) ? labs.launcher.Accelerator.KVM : null;
        return new labs.charts.Conditions(LabConditions.accel(a), Msg.get(SummaryText.LC_PROTOCOL),
                false, Msg.get(SummaryText.LC_ONE_RUN), null, null, LabConditions.hostCpu(labRun), null,
                Msg.get(SummaryText.LC_WALL_PER_STEP), LabConditions.today());
    }

    private void writeCsvAndChart(ResultsDir dir, Lang language) throws IOException {
        labs.common.ResultFile.writeText(dir.file("steps.csv"), w -> {
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("step", "seconds").get())) {
                for (Map.Entry<String, Double> e : seconds.entrySet()) {
                    csv.printRecord(e.getKey(), String.format("%.3f", e.getValue()));
                }
            }
        });
        new LifecycleChart(ChartStyle.forLang(language, Ui.TERMINAL), conditions()).steps(seconds, dir.path());
    }

    /**
     * labs vm list's table, its headers and states in the run's language (as labs vm list shows them), padded by
     * the columns a terminal gives them: in English exactly printf's "%-18s %-9s %8s %-6s %5s %7s".
     */
    private static String table(List<VmStatus> vms) {
        StringBuilder sb = new StringBuilder(row(Msg.get(VmText.HEAD_NAME), Msg.get(VmText.HEAD_STATE), "PID",
                Msg.get(VmText.HEAD_ACCEL), Msg.get(VmText.HEAD_VCPUS), "cpuset"));
        for (VmStatus s : vms) {
            sb.append(System.lineSeparator()).append(row(s.name(), s.state().shown(),
                    s.pid() == null ? "-" : s.pid().toString(),
                    s.accelerator() == null ? "-" : s.accelerator().qemuName(),
                    Integer.toString(s.vcpus()), s.cpuset().isEmpty() ? "-" : s.cpuset()));
        }
        return sb.toString();
    }

    private static String row(String name, String state, String pid, String accel, String vcpus, String cpuset) {
        return Columns.left(name, 18) + " " + Columns.left(state, 9) + " " + Columns.right(pid, 8) + " "
                + Columns.left(accel, 6) + " " + Columns.right(vcpus, 5) + " " + Columns.right(cpuset, 7);
    }

    private static String qemuImgInfo(Path disk) {
        return run("qemu-img", "info", "-U", labs.launcher.qemu.BlockPath.of(disk));
    }

    private static String run(String... argv) {
        try {
            ExecResult r = HostRunner.INSTANCE.exec(List.of(argv), Duration.ofSeconds(30));
            return (r.stdout() + r.stderr()).strip();
        } catch (IOException e) {
            return argv[0] + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return argv[0] + ": interrupted";
        }
    }
}
