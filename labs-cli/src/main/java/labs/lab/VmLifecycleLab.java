package labs.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import labs.charts.ChartStyle;
import labs.charts.Lang;
import labs.charts.LifecycleChart;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.ResultsDir;
import labs.common.RunMeta;
import labs.cpuinfo.HostFingerprint;
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
                + "step), steps.png and meta.json. Both VMs are removed at the end unless --keep (which keeps the "
                + "first).",
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

    @Option(names = "--accel", defaultValue = "auto", description = "auto, kvm or tcg (default: ${DEFAULT-VALUE}).")
    String accel;

    @Mixin
    LangOption lang;

    @Option(names = "--keep", description = "Keep the first VM at the end (the clone is always removed: that is "
            + "the last step).")
    boolean keep;

    private final Map<String, Double> seconds = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        String clone = name + "-clone";
        VmName.check(name);
        VmName.check(clone);
        AccelChoice choice = parseAccel(accel);
        if (cpu < 0 || cpu >= Runtime.getRuntime().availableProcessors()) {
            throw LabsException.usage("--cpuset " + cpu + " is not a CPU of this machine",
                    "choose 0.." + (Runtime.getRuntime().availableProcessors() - 1));
        }
        Lang language = lang.get();
        // Every package the walk-through needs (the guest image copies the host's fio and sysstat too), asked once
        // before anything is created: the launcher would otherwise ask step by step, after a VM exists.
        LabChecks.guestLabPackages("vm-lifecycle", language);
        VmSpec spec = new VmSpec(name, 1, List.of(cpu), memoryMiB, 256, DiskFormat.QCOW2, CacheMode.NONE, choice,
                false);
        Launcher.check(spec);
        Launcher launcher = Launcher.openDefault(HostAccelProbe.INSTANCE).forLab();
        for (String n : List.of(name, clone)) {
            if (launcher.store().exists(n)) {
                throw LabsException.usage("a VM named '" + n + "' already exists (from an earlier run?)",
                        "remove it: labs vm destroy " + n + "; labs vm undefine " + n
                                + " --remove-all-storage   (or use --name OTHER)");
            }
        }

        ResultsDir dir = lab.newRun("vm-lifecycle");
        RunMeta meta = new RunMeta("vm-lifecycle");
        meta.host = HostFingerprint.collect();
        meta.versions.put("host kernel", Versions.of(HostRunner.INSTANCE, "uname", "-r"));
        meta.versions.put("qemu", Versions.of(HostRunner.INSTANCE, "qemu-system-x86_64", "--version"));
        meta.versions.put("java", System.getProperty("java.version"));
        meta.options.putAll(Map.of("name", name, "cpuset", cpu, "memoryMiB", memoryMiB, "accel", accel,
                "keep", keep, "lang", language.name().toLowerCase(java.util.Locale.ROOT)));
        meta.save(dir);
        Transcript t = new Transcript(System.out);
        boolean ok = false;
        List<String> created = new ArrayList<>();
        try {
            t.line("VM lifecycle with labs' own launcher (store: " + launcher.store().root() + ")");

            t.step(1, "create a VM", "virt-install --name " + name + " --vcpus 1 --cpuset=" + cpu + " --memory "
                    + memoryMiB + " --disk size=1 ...");
            t.command("labs vm create " + name + " --vcpus 1 --cpuset=" + cpu + " --memory " + memoryMiB
                    + " --disk-size 256");
            VmDefinition def = timed("create", () -> launcher.create(spec, Optional.empty()));
            created.add(name);
            t.output("uuid " + def.uuid() + ", data disk " + def.disk().path() + "\nguest kernel "
                    + def.image().kernelRelease() + " (" + def.image().kernelSource() + ")");

            t.step(2, "start it", "virsh start " + name);
            t.command("labs vm start " + name);
            RunningVm first = timed("start", () -> launcher.start(name));
            meta.accelerator = first.accelerator().qemuName();
            meta.acceleratorReason = first.acceleratorReason();
            meta.versions.put("guest kernel", first.guestKernel());
            meta.save(dir);
            t.output("running: qemu pid " + first.pid() + ", accelerator " + first.accelerator().qemuName() + " ("
                    + first.acceleratorReason() + ")");

            t.step(3, "list the VMs", "virsh list --all");
            t.command("labs vm list");
            t.output(table(launcher.list()));

            t.step(4, "show its definition", "virsh dumpxml " + name);
            t.command("labs vm dumpxml " + name + "   (saved as domain.xml)");
            String xml = launcher.dumpXml(name);
            dir.writeString("domain.xml", xml);
            t.output(xml.lines().limit(12).reduce((a, b) -> a + "\n" + b).orElse("") + "\n...");

            t.step(5, "clone it (the source must be shut off, as virt-clone requires)",
                    "virsh shutdown " + name + "; virt-clone --original " + name + " --name " + clone
                            + " --auto-clone");
            t.command("labs vm shutdown " + name);
            timed("shutdown", () -> {
                first.shutdown();
                return null;
            });
            t.command("labs vm clone " + name + " " + clone);
            VmDefinition cloned = timed("clone", () -> launcher.cloneVm(name, clone, false));
            created.add(clone);
            t.output("new uuid " + cloned.uuid() + "\n" + clone + " disk: " + cloned.disk().path() + "\n  backing file: "
                    + cloned.disk().backingFile() + "\n" + qemuImgInfo(cloned.disk().path()));

            t.step(6, "start both", "virsh start " + name + "; virsh start " + clone);
            t.command("labs vm start " + name + "; labs vm start " + clone);
            try (RunningVm a = timed("start " + name, () -> launcher.start(name));
                 RunningVm b = timed("start " + clone, () -> launcher.start(clone))) {

                t.step(7, "each VM is a qemu-system process; each vCPU one of its threads",
                        "ps ax | grep qemu-system; ps -L -p PID");
                t.command("ps -L -o pid,lwp,psr,comm -p " + a.pid() + "," + b.pid());
                String ps = run("ps", "-L", "-o", "pid,lwp,psr,comm", "-p", a.pid() + "," + b.pid());
                dir.writeString("ps.txt", ps);
                t.output(ps + "\nvCPU threads: " + name + " " + a.vcpuThreadIds() + ", " + clone + " "
                        + b.vcpuThreadIds() + " (both pinned to CPU " + cpu + ": column PSR)");

                t.step(8, "run a command in each", "ssh GUEST uname -r; df -h /");
                for (RunningVm vm : List.of(a, b)) {
                    t.command("labs vm exec " + vm.name() + " -- uname -r");
                    ExecResult r = vm.exec(List.of("uname", "-r"), Duration.ofSeconds(60));
                    t.output(r.stdout() + r.stderr());
                    t.command("labs vm exec " + vm.name() + " -- df -h /data");
                    ExecResult df = vm.exec(List.of("df", "-h", "/data"), Duration.ofSeconds(60));
                    t.output(df.stdout() + df.stderr());
                }

                t.step(9, "destroy the clone", "virsh destroy " + clone);
                t.command("labs vm destroy " + clone);
                timed("destroy", () -> {
                    b.destroy();
                    return null;
                });
                t.command("labs vm list");
                t.output(table(launcher.list()));
            }

            t.step(10, "undefine the clone with its storage", "virsh undefine " + clone + " --remove-all-storage");
            Path cloneDir = launcher.store().dir(clone);
            t.command("ls -la " + cloneDir);
            t.output(run("ls", "-la", cloneDir.toString()));
            t.command("labs vm undefine " + clone + " --remove-all-storage");
            StorageCleaner.Report rep = timed("undefine", () -> launcher.undefine(clone, true));
            created.remove(clone);
            t.output("removed " + rep.deleted().size() + (rep.deleted().size() == 1 ? " path" : " paths")
                    + (rep.kept().isEmpty() ? " (the VM's files and its folder)"
                            : "\nkept: " + String.join("; ", rep.kept())));
            t.command("ls -la " + cloneDir);
            t.output(Files.exists(cloneDir) ? run("ls", "-la", cloneDir.toString())
                    : "ls: cannot access '" + cloneDir + "': No such file or directory   (gone)");
            if (Files.exists(cloneDir)) {
                throw LabsException.failed("the clone's folder is still there: " + cloneDir, null, null);
            }
            writeCsvAndChart(dir, language);
            ok = true;
        } catch (Exception | Error e) {
            meta.error = labs.common.Interrupts.describe(e);
            throw e;
        } finally {
            if (ok && !keep) {
                // Step 9's list still shows it running: say where it goes rather than let it vanish unexplained.
                t.line("");
                t.line("The lab now removes its own VM " + name + " (labs vm destroy + undefine --remove-all-storage);"
                        + " run it with --keep to go on with it through labs vm ...");
            }
            if (!keep || !ok) {
                // Newest first: a linked clone before the base it reads.
                for (int i = created.size() - 1; i >= 0; i--) {
                    LabVms.remove(launcher, created.get(i));
                }
            } else {
                launcher.keepAfterExit(name);
            }
            meta.finish(ok);
            meta.save(dir);
            dir.writeString("transcript.txt", t.text());
        }
        t.line("");
        t.line("Summary: create " + fmt("create") + " s, boot to ready " + fmt("start") + " s ("
                + meta.accelerator + "), linked clone " + fmt("clone") + " s, destroy " + fmt("destroy")
                + " s, undefine " + fmt("undefine") + " s.");
        t.line("Results: " + dir.path());
        dir.writeString("transcript.txt", t.text());
        return 0;
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private <T> T timed(String label, Step<T> step) throws Exception {
        long t0 = System.nanoTime();
        T v = step.run();
        seconds.put(label, (System.nanoTime() - t0) / 1e9);
        return v;
    }

    private String fmt(String label) {
        Double s = seconds.get(label);
        return s == null ? "-" : String.format("%.2f", s);
    }

    private void writeCsvAndChart(ResultsDir dir, Lang language) throws IOException {
        labs.common.ResultFile.writeText(dir.file("steps.csv"), w -> {
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("step", "seconds").get())) {
                for (Map.Entry<String, Double> e : seconds.entrySet()) {
                    csv.printRecord(e.getKey(), String.format("%.3f", e.getValue()));
                }
            }
        });
        new LifecycleChart(ChartStyle.forLang(language)).steps(seconds, dir.path());
    }

    private static String table(List<VmStatus> vms) {
        StringBuilder sb = new StringBuilder(String.format("%-18s %-9s %8s %-6s %5s %7s", "Name", "State", "PID",
                "Accel", "vCPUs", "cpuset"));
        for (VmStatus s : vms) {
            sb.append(String.format("%n%-18s %-9s %8s %-6s %5d %7s", s.name(), s.state().label(),
                    s.pid() == null ? "-" : s.pid(), s.accelerator() == null ? "-" : s.accelerator().qemuName(),
                    s.vcpus(), s.cpuset().isEmpty() ? "-" : s.cpuset()));
        }
        return sb.toString();
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

    private static AccelChoice parseAccel(String s) {
        try {
            return AccelChoice.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw LabsException.usage("--accel " + labs.common.Echo.of(s) + " is not one of auto, kvm, tcg", "give --accel auto|kvm|tcg");
        }
    }
}
