package labs.launcher.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import labs.common.LabsException;
import labs.launcher.Accelerator;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.guest.GuestImage;
import labs.launcher.guest.GuestImageBuilder;

/**
 * The qemu-system-x86_64 argument list for one guest, as a list (never a shell string: paths with spaces or
 * quotes stay one argument). Everything QEMU would add by itself is off ({@code -nodefaults -no-user-config}, no
 * display, no NIC unless asked), so what the guest sees is exactly what is written here:
 * <ul>
 *   <li>the image's kernel and initramfs by direct boot, console on ttyS0 written to a log file;</li>
 *   <li>the read-only root disk (virtio-blk, serial "root") and the optional data disk (serial "data");</li>
 *   <li>a virtio-serial port named {@value GuestImageBuilder#AGENT_PORT} on a UNIX socket for the agent;</li>
 *   <li>a QMP monitor on another UNIX socket.</li>
 * </ul>
 * q35 rather than microvm: microvm boots only ~3% faster here and needs pit/pic/rtc plus tsc_early_khz to avoid
 * hanging in 3 boots out of 5 (measured by hand with QEMU 7.2 under TCG: 5 boots each, host clock to ready).
 */
public final class QemuCommand {
    /** sun_path is 108 bytes including the terminating NUL. */
    static final int MAX_SOCKET_PATH = 107;

    private final GuestImage image;
    private Accelerator accelerator = Accelerator.TCG;
    private int vcpus = 1;
    private int memoryMiB = 512;
    private Path dataDisk;
    private DiskFormat dataFormat = DiskFormat.QCOW2;
    private CacheMode dataCache = CacheMode.NONE;
    private Path agentSocket;
    private Path qmpSocket;
    private Path consoleLog;
    private boolean network;
    private String name;
    private String cpuModel;
    private Path pidFile;
    private boolean trace;

    private QemuCommand(GuestImage image) { this.image = Objects.requireNonNull(image); }

    public static QemuCommand forImage(GuestImage image) { return new QemuCommand(image); }

    public QemuCommand accelerator(Accelerator a) { this.accelerator = Objects.requireNonNull(a); return this; }

    public QemuCommand vcpus(int n) {
        if (n < 1 || n > 64) {
            throw LabsException.usage("vCPUs must be between 1 and 64, not " + n, "give --vcpus 1..64");
        }
        this.vcpus = n;
        return this;
    }

    public QemuCommand memoryMiB(int mib) {
        if (mib < 128) {
            throw LabsException.usage("memory " + mib + " MiB is too small for the guest", "give --memory 128 or more (MiB)");
        }
        this.memoryMiB = mib;
        return this;
    }

    /** The VM's data disk, mounted read-write at /data in the guest (ext4 made on the host). */
    public QemuCommand dataDisk(Path file, DiskFormat format, CacheMode cache) {
        this.dataDisk = Objects.requireNonNull(file);
        this.dataFormat = Objects.requireNonNull(format);
        this.dataCache = Objects.requireNonNull(cache);
        return this;
    }

    public QemuCommand agentSocket(Path p) { this.agentSocket = checkSocket(p); return this; }

    public QemuCommand qmpSocket(Path p) { this.qmpSocket = checkSocket(p); return this; }

    public QemuCommand consoleLog(Path p) { this.consoleLog = Objects.requireNonNull(p); return this; }

    /**
     * A user-mode NIC (virtio-net; the guest is 10.0.2.15, the host reachable as 10.0.2.2, no inbound
     * connections); off by default: the guest has no network unless a lab asks.
     */
    public QemuCommand network(boolean on) { this.network = on; return this; }

    /** Shown by ps and in QEMU's thread names (debug-threads=on names vCPU threads "CPU 0/TCG"). */
    public QemuCommand name(String n) { this.name = n; return this; }

    /** Overrides the CPU model chosen for the accelerator. */
    public QemuCommand cpuModel(String model) { this.cpuModel = model; return this; }

    public QemuCommand pidFile(Path p) { this.pidFile = p; return this; }

    /**
     * labs.trace on the kernel command line: the guest's init and agent print each boot phase's uptime on the
     * console ("labs-trace: PHASE SECONDS"), to see where boot time goes. Costs a few console writes.
     */
    public QemuCommand trace(boolean on) { this.trace = on; return this; }

    /** The full argv, starting with the qemu-system-x86_64 path. */
    public List<String> build() {
        if (agentSocket == null || qmpSocket == null || consoleLog == null) {
            throw new IllegalStateException("agentSocket, qmpSocket and consoleLog are required");
        }
        List<String> a = new ArrayList<>();
        a.add(qemuBinary());
        a.addAll(List.of("-nodefaults", "-no-user-config", "-display", "none", "-no-reboot"));
        if (name != null) {
            a.addAll(List.of("-name", "guest=" + QemuOpts.value(name) + ",debug-threads=on"));
        }
        a.addAll(List.of("-machine", "q35", "-accel", accelerator.qemuName()));
        a.addAll(List.of("-cpu", cpuModel != null ? cpuModel : defaultCpuModel(accelerator, hostHasVirtExtensions())));
        a.addAll(List.of("-smp", Integer.toString(vcpus), "-m", memoryMiB + "M"));
        // -kernel and -initrd take their value whole (no QemuOpts syntax, no protocol): written as is.
        a.addAll(List.of("-kernel", image.kernel().toString(), "-initrd", image.initrd().toString()));
        a.addAll(List.of("-append", kernelCommandLine()));

        a.addAll(List.of("-chardev", "file,id=console,path=" + QemuOpts.value(consoleLog.toAbsolutePath().toString()),
                "-serial", "chardev:console"));

        a.addAll(List.of("-drive", "file=" + QemuOpts.value(BlockPath.of(image.rootDisk()))
                        + ",if=none,id=root,format=raw,readonly=on",
                "-device", "virtio-blk-pci,drive=root,serial=root"));
        if (dataDisk != null) {
            // aio=native needs O_DIRECT (cache.direct=on), which is what cache=none means; the host page cache
            // (writeback) goes with the thread pool.
            String cache = dataCache == CacheMode.NONE ? "cache=none,aio=native" : "cache=writeback,aio=threads";
            a.addAll(List.of("-drive", "file=" + QemuOpts.value(BlockPath.of(dataDisk)) + ",if=none,id=data,format="
                            + dataFormat.qemuName() + "," + cache + ",discard=unmap",
                    "-device", "virtio-blk-pci,drive=data,serial=data"));
        }

        a.addAll(List.of("-device", "virtio-serial-pci,id=vser0",
                "-chardev", "socket,id=agent,path=" + QemuOpts.value(agentSocket.toString()) + ",server=on,wait=off",
                "-device", "virtserialport,bus=vser0.0,chardev=agent,name=" + GuestImageBuilder.AGENT_PORT));
        a.addAll(List.of("-chardev", "socket,id=qmp,path=" + QemuOpts.value(qmpSocket.toString()) + ",server=on,wait=off",
                "-mon", "chardev=qmp,mode=control"));
        if (network) {
            a.addAll(List.of("-nic", "user,model=virtio-net-pci"));
        } else {
            a.addAll(List.of("-nic", "none"));
        }
        if (pidFile != null) {
            a.addAll(List.of("-pidfile", pidFile.toString()));
        }
        return List.copyOf(a);
    }

    /**
     * The guest kernel's command line. Each flag is here for boot time under TCG, measured on this machine:
     * quiet (printing the boot log through the emulated UART costs ~2 s); cryptomgr.notests (the crypto
     * self-tests are the slowest initcall, crypto_algapi_init 0.74 s of a ~3.5 s boot, initcall_debug);
     * rodata=off (skips write-protecting kernel text and the W+X audit, ~0.4 s; it hardens the kernel against
     * exploits, nothing a disposable lab guest without network measures); i8042.* (q35 has a PS/2 controller
     * nobody uses). panic=-1 with -no-reboot makes a kernel panic end QEMU at once instead of hanging.
     * None of them changes what the experiments measure (mitigations stay on, as on the host).
     */
    public String kernelCommandLine() {
        List<String> args = new ArrayList<>(List.of("console=ttyS0", "quiet", "cryptomgr.notests", "rodata=off",
                "panic=-1", "i8042.noaux", "i8042.nomux", "i8042.nopnp", "i8042.dumbkbd", "8250.nr_uarts=1",
                "rdinit=/init"));
        if (name != null) {
            args.add("labs.hostname=" + hostname(name));
        }
        if (network) {
            args.add("labs.net");
        }
        if (trace) {
            args.add("labs.trace");
        }
        return String.join(" ", args);
    }

    /**
     * KVM with a hardware-virtualizing CPU: "host" passes it through. Under the nested software KVM of this kind
     * of machine (no vmx/svm flag) QEMU aborts with -cpu host or max ("failed to set MSR 0x10a"), so qemu64 is
     * the only model that starts. TCG: QEMU's default model.
     */
    static String defaultCpuModel(Accelerator accel, boolean hostHasVirt) {
        if (accel == Accelerator.KVM) {
            return hostHasVirt ? "host" : "qemu64";
        }
        return "qemu64";
    }

    static boolean hostHasVirtExtensions() {
        try {
            String cpuinfo = Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII);
            return cpuinfo.contains(" vmx") || cpuinfo.contains(" svm");
        } catch (IOException e) {
            return false;
        }
    }

    static String qemuBinary() {
        Path p = labs.common.HostRunner.which("qemu-system-x86_64");
        if (p == null) {
            throw new LabsException("qemu-system-x86_64 is not installed", "the guest runs in QEMU",
                    "apt-get install qemu-system-x86");
        }
        return p.toString();
    }

    /** A VM name made into a host name: letters, digits and '-' only, at most 63 characters. */
    static String hostname(String vmName) {
        String h = vmName.replaceAll("[^A-Za-z0-9-]", "-").replaceAll("^-+", "");
        h = h.length() > 63 ? h.substring(0, 63) : h;
        return h.isEmpty() ? "labs-guest" : h;
    }

    private static Path checkSocket(Path p) {
        int len = p.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
        if (len > MAX_SOCKET_PATH) {
            throw LabsException.usage("the socket path is " + len + " bytes, over the " + MAX_SOCKET_PATH
                    + " a UNIX socket allows: " + p, "use a shorter data folder (XDG_DATA_HOME)");
        }
        return p.toAbsolutePath();
    }
}
