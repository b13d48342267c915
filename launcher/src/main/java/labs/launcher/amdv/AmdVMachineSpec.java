package labs.launcher.amdv;

import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import labs.common.EmulatedAmdV;
import labs.common.LabsException;
import labs.launcher.qemu.BlockPath;
import labs.launcher.qemu.QemuOpts;

/**
 * One boot of the emulated AMD-V machine, and its QEMU argument list (a pure function of it). QEMU's TCG emulates
 * AMD SVM: with {@code -cpu max} the guest's CPU shows {@code svm npt}, so the distro kernel's kvm_amd loads and
 * KVM runs for real inside, on any x86-64 host and without VT-x/AMD-V. The host's root is shared read-only over
 * virtio-9p ({@code multidevs=remap}: the host's root spans several file systems, whose inode numbers would
 * otherwise collide), with {@code security_model=none}: the files are read and written with QEMU's own
 * credentials, so the machine's root user can do nothing there that the user who started labs could not.
 *
 * @param kernel      -kernel (the guests' own uncompressed kernel)
 * @param initrd      -initrd (busybox, 9p and KVM modules, amdv-init.sh)
 * @param console     the machine's serial console (kernel messages and "labs-l1:" progress lines)
 * @param control     the per-run control folder (job, stdout, stderr, status), shared writable
 * @param shares      the host's folders the lab writes to, shared writable and mounted at their own paths
 * @param scratchDisk  a raw ext4 image (made on the host, see {@link ScratchDisk}) that the machine mounts at
 *                     {@link #SCRATCH_MOUNT}: its VM store, on a real block device as on a real host
 * @param vcpus       vCPUs: 2, so that a lab's guest vCPU has a CPU of its own and the host side another
 * @param memoryMiB   the machine's memory, which its own guests come out of
 * @param tcgThreads  QEMU's multi-threaded TCG (one host thread per vCPU) or one thread for all vCPUs
 */
public record AmdVMachineSpec(Path kernel, Path initrd, Path console, Path control, List<Share> shares,
                              Path scratchDisk, int vcpus, int memoryMiB, boolean tcgThreads) {
    /** Where the machine's init mounts the scratch disk (the labs inside keep their VMs there). */
    public static final String SCRATCH_MOUNT = "/run/labs";
    /**
     * The kernel command line: {@link EmulatedAmdV#MARKER} tells every process inside where it runs. no_timer_check,
     * as for the guests (MachineSpec): on a loaded host the TCG vCPU missed the IO-APIC timer ticks the kernel waits
     * for at boot, and it panicked with "IO-APIC + timer doesn't work!" (seen once here, load average ~9).
     */
    public static final String APPEND = "console=ttyS0 quiet panic=-1 mitigations=off no_timer_check "
            + EmulatedAmdV.MARKER;
    public static final int DEFAULT_VCPUS = 2;
    public static final int DEFAULT_MEMORY_MIB = 2048;

    /**
     * Where the machine mounts tmpfs of its own over the host's root (its init script): a host folder below one of
     * these is hidden inside unless it is shared (a labs checkout or a results folder under /tmp, as in CI).
     */
    public static final List<Path> MACHINE_OWN = List.of(Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/run"),
            Path.of("/dev/shm"));

    /** True when the machine's own tmpfs hides this host folder (see {@link #MACHINE_OWN}). */
    public static boolean hiddenInside(Path folder) {
        Path p = folder.toAbsolutePath().normalize();
        return MACHINE_OWN.stream().anyMatch(p::startsWith);
    }

    /** A host folder shared with the machine, mounted inside at the same absolute path, writable or read-only. */
    public record Share(String tag, Path hostPath, boolean readOnly) {
        /** A writable share (results, cache). */
        public Share(String tag, Path hostPath) {
            this(tag, hostPath, false);
        }

        public Share {
            if (!tag.matches("[a-z][a-z0-9]{0,30}")) {
                throw new IllegalArgumentException("bad 9p mount tag: " + tag);
            }
            if (!hostPath.isAbsolute()) {
                throw new IllegalArgumentException("a share's path must be absolute: " + hostPath);
            }
        }
    }

    public AmdVMachineSpec {
        shares = List.copyOf(shares);
        for (Share s : shares) {
            // The init script reads "TAG PATH" lines: a path with a line break cannot be said there.
            if (s.hostPath().toString().indexOf('\n') >= 0 || s.hostPath().toString().indexOf('\r') >= 0) {
                throw LabsException.usage(Msg.get(LauncherText.AM_SHARE_LINE_BREAK, labs.common.Echo.of(s.hostPath())),
                        Msg.get(LauncherText.AM_SHARE_LINE_BREAK_FIX, "--results DIR, XDG_CACHE_HOME"));
            }
        }
    }

    /** The argument list after the qemu-system-x86_64 binary. */
    public List<String> qemuArgs() {
        List<String> a = new ArrayList<>(List.of(
                "-accel", "tcg,thread=" + (tcgThreads ? "multi" : "single"),
                "-M", "pc", "-cpu", "max", "-smp", Integer.toString(vcpus), "-m", Integer.toString(memoryMiB),
                "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-chardev", "file,id=console,path=" + QemuOpts.value(console.toString()),
                "-serial", "chardev:console",
                "-kernel", kernel.toString(), "-initrd", initrd.toString(), "-append", APPEND));
        // The machine's only disk, so its /dev/vda; the host's page cache under it (QEMU's default, writeback).
        a.addAll(List.of("-drive", "file=" + QemuOpts.value(BlockPath.of(scratchDisk)) + ",if=none,id=scratch,"
                + "format=raw", "-device", "virtio-blk-pci,drive=scratch,serial=scratch"));
        fsdev(a, "hostroot", Path.of("/"), true);
        fsdev(a, "labsctl", control, false);
        for (Share s : shares) {
            fsdev(a, s.tag(), s.hostPath(), s.readOnly());
        }
        return a;
    }

    private static void fsdev(List<String> a, String tag, Path path, boolean readOnly) {
        a.add("-fsdev");
        a.add("local,id=" + tag + ",path=" + QemuOpts.value(path.toString()) + ",security_model=none"
                + (readOnly ? ",readonly=on" : "") + ",multidevs=remap");
        a.add("-device");
        a.add("virtio-9p-pci,fsdev=" + tag + ",mount_tag=" + tag);
    }

    /** The control share's "mounts" file: one "TAG ro|rw PATH" line per share, read by the machine's init. */
    public String mountsFile() {
        StringBuilder sb = new StringBuilder();
        // Shorter paths first, so that a share inside another one is mounted on top of it, not under it.
        shares.stream().sorted(java.util.Comparator.comparingInt(s -> s.hostPath().getNameCount()))
                .forEach(s -> sb.append(s.tag()).append(s.readOnly() ? " ro " : " rw ").append(s.hostPath()).append('\n'));
        return sb.toString();
    }
}
