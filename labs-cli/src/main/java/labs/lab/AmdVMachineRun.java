package labs.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import labs.common.EmulatedAmdV;
import labs.common.LabsException;
import labs.common.i18n.LabText;
import labs.common.i18n.Msg;
import labs.common.Packages;
import labs.common.Progress;
import labs.common.Ui;
import labs.launcher.amdv.AmdVJob;
import labs.launcher.amdv.AmdVMachine;
import labs.launcher.amdv.AmdVMachineSpec;
import labs.launcher.amdv.RunFolders;
import labs.launcher.amdv.ScratchDisk;
import labs.launcher.guest.AmdVImageBuilder;
import labs.launcher.guest.GuestImageBuilder;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * {@code labs run LAB --amd-v-machine}: the same lab, unchanged, inside the emulated AMD-V machine labs boots for
 * itself, where KVM runs for real (see {@link AmdVMachine}). picocli parses the command line as usual; this
 * execution strategy then sees the option on the lab's {@link LabOptions} and, instead of running the lab here, boots
 * the machine and runs {@code labs run LAB ...} (the same arguments without the option) inside it. The lab's
 * output is relayed, its exit status is labs' own, and its results land in the host's results folder.
 */
public final class AmdVMachineRun {
    /** Labs that boot guests: their guest image is built here first, not under TCG inside (nor without network). */
    static final Set<String> GUEST_LABS = Set.of("vm-lifecycle", "io-compare", "cpu-overhead");
    /** The machine's memory, plus what QEMU itself needs beside it. */
    static final long MEMORY_NEEDED_MIB = AmdVMachineSpec.DEFAULT_MEMORY_MIB + 256;
    /**
     * How many machines a lab gets: after a JVM crash, a lost guest or a hang inside, all faults of QEMU's
     * multi-threaded TCG, labs runs it again in a new machine. The crash was 3 in 149 runs at first, but under load
     * CI saw two in a row in two machines (SIGILL in JIT-compiled code both times), hence two more machines. One TCG
     * thread crashed no JVM in 29 runs, but it is 1.6-1.9x slower and sched-virt's guest never finished booting in it
     * (2 of 2 runs, 5 minutes each): every machine has as many threads as the first.
     */
    static final int MACHINES = 3;

    /** What a further try says after a machine crashed, lost the lab's guest or hung. */
    static String onceMore() {
        return Msg.get(LabText.AMDV_ONCE_MORE);
    }

    private AmdVMachineRun() {}

    /** picocli's usual RunLast, unless the lab was given {@code --amd-v-machine}. */
    public static CommandLine.IExecutionStrategy strategy(String[] args) {
        return new Strategy(List.of(args));
    }

    /** A class, not a lambda: the first lambda linked costs ~2 ms of every labs command's start-up. */
    private static final class Strategy implements CommandLine.IExecutionStrategy {
        private final List<String> args;

        Strategy(List<String> args) {
            this.args = args;
        }

        @Override
        public int execute(ParseResult parsed) {
            ParseResult last = parsed;
            while (last.hasSubcommand()) {
                last = last.subcommand();
            }
            LabOptions lab = labOptions(last);
            if (lab == null || !lab.amdVMachine) {
                return new CommandLine.RunLast().execute(parsed);
            }
            Integer help = CommandLine.executeHelpRequest(parsed);
            if (help != null) {
                return help;
            }
            try {
                return run(last.commandSpec().name(), lab, args);
            } catch (Exception | Error e) {
                throw new CommandLine.ExecutionException(last.commandSpec().commandLine(), String.valueOf(e), e);
            }
        }
    }

    private static LabOptions labOptions(ParseResult r) {
        for (CommandLine.Model.CommandSpec mixin : r.commandSpec().mixins().values()) {
            if (mixin.userObject() instanceof LabOptions o) {
                return o;
            }
        }
        return null;
    }

    static int run(String lab, LabOptions options, List<String> args) throws IOException, InterruptedException {
        if (EmulatedAmdV.inside()) {
            throw LabsException.usage(Msg.get(LabText.AMDV_ALREADY_INSIDE), Msg.get(LabText.AMDV_ALREADY_INSIDE_FIX));
        }
        Packages.ensure("labs run " + lab + " --amd-v-machine", Needs.AMDV_MACHINE);
        checkMemory(labs.launcher.HostMemory.availableMiB());
        Progress out = Ui.TERMINAL;
        // Both are shared with the machine, so both must exist first: the same errors as the lab itself gives.
        Path results = folder(options.resultsRoot, "cannot create the results folder ",
                "choose a writable folder with --results DIR");
        Path cache = folder(GuestImageBuilder.defaultCacheRoot(), "cannot create labs' cache folder ",
                "choose a writable cache with XDG_CACHE_HOME=DIR");
        AmdVImageBuilder.AmdVImage image = new AmdVImageBuilder(cache, out).build();
        if (GUEST_LABS.contains(lab)) {
            Packages.ensure("labs run " + lab, Needs.VM_CREATE);
            new GuestImageBuilder(cache, out).build(Optional.empty());
        }
        List<String> argv = InsideCommand.argv(args);
        List<AmdVMachineSpec.Share> shares = shares(results, cache, argv);
        AmdVJob job = new AmdVJob(Path.of("").toAbsolutePath(), InsideCommand.env(System.getenv()), argv);
        InsideMachine fit = InsideMachine.forLab(lab);
        for (int machine = 1; ; machine++) {
            boolean last = machine == MACHINES;
            try {
                int rc = boot(image, shares, job, fit, out);
                String why = whyOnceMore(rc);
                if (why == null || last) {
                    return rc;
                }
                out.warn("%s; %s", why, onceMore());
            } catch (AmdVMachine.Hung e) {
                if (last) {
                    throw e;
                }
                out.warn("%s; %s", e.getMessage(), onceMore());
            }
        }
    }

    /**
     * Why the lab runs once more in a new machine, given the exit status of its run inside; null when it does not.
     * Both are faults of the emulation seen in CI, not of the lab: the JVM inside crashed (3 runs in 149), or the
     * lab's own guest (nested KVM under QEMU's TCG) ended under it (about 1 boot in 50). Each leaves its run folder,
     * marked incomplete.
     */
    static String whyOnceMore(int rc) {
        if (rc == AmdVJob.JVM_CRASH) {
            return Msg.get(LabText.AMDV_JVM_CRASHED, rc);
        }
        if (rc == LabsException.EXIT_GUEST_LOST) {
            return Msg.get(LabText.AMDV_GUEST_LOST, rc);
        }
        return null;
    }

    /** One machine, booted for the job and gone after it: its exit status, its control folder removed. */
    private static int boot(AmdVImageBuilder.AmdVImage image, List<AmdVMachineSpec.Share> shares, AmdVJob job,
                            InsideMachine fit, Progress out) throws IOException, InterruptedException {
        Path ctl = new RunFolders(labs.launcher.Launcher.defaultStoreRoot()).create(out);
        try {
            Files.createDirectories(ctl.resolve("share"));
            ScratchDisk.create(ctl.resolve("scratch.img"));
            AmdVMachineSpec spec = new AmdVMachineSpec(image.kernel(), image.initrd(), ctl.resolve("console.log"),
                    ctl.resolve("share"), shares, ctl.resolve("scratch.img"),
                    AmdVMachineSpec.DEFAULT_VCPUS, AmdVMachineSpec.DEFAULT_MEMORY_MIB, fit.tcgThreads());
            out.progress("%s", Msg.get(LabText.AMDV_BOOTING, fit.tcgThreads() ? "" : Msg.get(LabText.AMDV_ONE_THREAD),
                    spec.vcpus(), spec.memoryMiB(), image.kernelRelease(), EmulatedAmdV.CAVEAT));
            long t0 = System.nanoTime();
            int rc = new AmdVMachine(out, fit.quietLimit()).run(spec, job, System.out, System.err);
            out.progress("%s", Msg.get(LabText.AMDV_STOPPED, String.format("%.0f", (System.nanoTime() - t0) / 1e9),
                    rc));
            return rc;
        } finally {
            RunFolders.delete(ctl);
        }
    }

    /**
     * Results and cache, writable; and read-only, the folders of labs itself (the jar with its libraries, CDS
     * archive and JNA's native half) and of java when the machine's own tmpfs would hide them (a checkout under /tmp).
     * A lab started from a class path (not a jar) finds its classes inside only where the host's root shows them.
     */
    static List<AmdVMachineSpec.Share> shares(Path results, Path cache, List<String> argv) {
        List<AmdVMachineSpec.Share> shares = new java.util.ArrayList<>(List.of(
                new AmdVMachineSpec.Share("results", results), new AmdVMachineSpec.Share("cache", cache)));
        int jar = argv.indexOf("-jar");
        List<Path> own = new java.util.ArrayList<>(List.of(Path.of(argv.get(0)).getParent().getParent()));   // java.home
        if (jar >= 0 && jar + 1 < argv.size()) {
            own.add(Path.of(argv.get(jar + 1)).getParent());
        }
        for (Path p : own) {
            if (p != null && AmdVMachineSpec.hiddenInside(p)) {
                shares.add(new AmdVMachineSpec.Share("labs" + shares.size(), p, true));
            }
        }
        return shares;
    }

    private static Path folder(Path p, String what, String fix) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return Files.createDirectories(abs);
        } catch (IOException e) {
            throw new LabsException(what + abs, e instanceof java.nio.file.FileAlreadyExistsException f
                    ? f.getFile() + " exists and is not a folder" : String.valueOf(e.getMessage()), fix);
        }
    }

    /** Refuses to start (exit 2) when the host has too little memory free for the machine. */
    static void checkMemory(OptionalLong availableMiB) {
        if (availableMiB.isPresent() && availableMiB.getAsLong() < MEMORY_NEEDED_MIB) {
            throw new LabsException(Msg.get(LabText.AMDV_NO_MEMORY, MEMORY_NEEDED_MIB, availableMiB.getAsLong()),
                    Msg.get(LabText.AMDV_NO_MEMORY_WHY, AmdVMachineSpec.DEFAULT_MEMORY_MIB),
                    Msg.get(LabText.AMDV_NO_MEMORY_FIX, "labs vm list; labs vm destroy NAME"));
        }
    }
}
