package labs.launcher;

import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;
import labs.common.i18n.VmText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import labs.common.LabsException;
import labs.launcher.guest.GuestImage;

/**
 * One guest machine, whole and checked: what QEMU's argument list ({@link labs.launcher.qemu.QemuCommand}) and
 * the libvirt domain XML ({@link labs.launcher.vm.DomainXml}) are both rendered from, so the two can never
 * disagree. Every limit is checked here, once, when a spec is made (through {@link #builder} or the constructor
 * alike): an instance is always valid.
 *
 * @param uuid          libvirt's identity of the VM; null when it has none (a benchmark guest)
 * @param cpuset        host CPUs the vCPU threads are pinned to, empty when not pinned; applied by VcpuPinner once
 *                      QEMU has started, so it is in the XML but not in QEMU's arguments
 * @param kernelCmdline the guest kernel's whole command line ({@link #builder} composes it)
 * @param dataDisk      the VM's data disk, or null
 * @param pidFile       where QEMU writes its pid, or null
 */
public record MachineSpec(String name, UUID uuid, int vcpus, List<Integer> cpuset, int memoryMiB,
                          Accelerator accelerator, String cpuModel, String machineType,
                          Path kernel, Path initrd, String kernelCmdline, Path rootDisk, DataDisk dataDisk,
                          Path agentSocket, Path qmpSocket, Path consoleLog, boolean network, Path pidFile) {

    public static final int MIN_VCPUS = 1;
    public static final int MAX_VCPUS = 64;
    /** Below this the Debian guest kernel and its initramfs do not come up. */
    public static final int MIN_MEMORY_MIB = 128;
    /**
     * Longest UNIX socket path labs can use. The kernel takes 107 bytes (sun_path is 108 with the NUL) and so QEMU
     * binds one of 107, but Java's UnixDomainSocketAddress refuses 107 ("Unix domain path too long", measured on
     * Java 17): the agent could then never be reached, and the boot failed as a hang.
     */
    public static final int MAX_SOCKET_PATH = 106;
    /** q35, not microvm: {@link labs.launcher.qemu.QemuCommand} says why. */
    public static final String MACHINE_TYPE = "q35";

    /**
     * The data disk (ext4 inside, /data in the guest).
     *
     * @param backingFile   for a linked clone, the base image it reads unwritten blocks from (in the qcow2 header
     *                      for QEMU; named in the XML); null otherwise
     * @param backingFormat that base image's format, null when there is none
     */
    public record DataDisk(Path file, DiskFormat format, CacheMode cache, Path backingFile, DiskFormat backingFormat) {
        public DataDisk {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(cache, "cache");
        }

        /**
         * QEMU's aio (libvirt's io): native needs O_DIRECT (cache.direct=on), which is what cache=none means; the
         * host page cache (writeback) goes with the thread pool.
         */
        public String aio() { return cache == CacheMode.NONE ? "native" : "threads"; }
    }

    public MachineSpec {
        Objects.requireNonNull(name, "name");
        checkVcpus(vcpus);
        checkMemory(memoryMiB);
        cpuset = cpuset == null ? List.of() : List.copyOf(cpuset);
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(cpuModel, "cpuModel");
        Objects.requireNonNull(machineType, "machineType");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        Objects.requireNonNull(kernelCmdline, "kernelCmdline");
        Objects.requireNonNull(rootDisk, "rootDisk");
        agentSocket = checkSocketPath(Objects.requireNonNull(agentSocket, "agentSocket")).toAbsolutePath();
        qmpSocket = checkSocketPath(Objects.requireNonNull(qmpSocket, "qmpSocket")).toAbsolutePath();
        consoleLog = Objects.requireNonNull(consoleLog, "consoleLog").toAbsolutePath();
    }

    public static void checkVcpus(int n) {
        if (n < MIN_VCPUS || n > MAX_VCPUS) {
            throw LabsException.usage(Msg.get(VmText.VCPUS_RANGE, n), Msg.get(VmText.VCPUS_RANGE_FIX, MIN_VCPUS,
                    MAX_VCPUS));
        }
    }

    public static void checkMemory(int mib) {
        if (mib < MIN_MEMORY_MIB) {
            throw LabsException.usage(Msg.get(VmText.MEMORY_TOO_LITTLE, mib),
                    Msg.get(VmText.MEMORY_TOO_LITTLE_FIX, MIN_MEMORY_MIB, VmSpec.DEFAULT_MEMORY_MIB));
        }
    }

    /** A socket path the kernel can bind, or exit 2 saying how to shorten it. */
    public static Path checkSocketPath(Path socket) {
        int len = socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
        if (len > MAX_SOCKET_PATH) {
            throw LabsException.usage(Msg.get(LauncherText.SOCKET_TOO_LONG, socket.toAbsolutePath(), len, MAX_SOCKET_PATH),
                    Msg.get(LauncherText.SOCKET_TOO_LONG_FIX, "export LABS_DATA_DIR=$HOME/.labs"));
        }
        return socket;
    }

    /** The cpuset as libvirt and taskset write it: "0", "0,1". Empty when not pinned. */
    public String cpusetText() {
        return labs.launcher.vm.VcpuPinner.text(cpuset);
    }

    public static Builder builder(String name, GuestImage image) { return new Builder(name, image); }

    /** Collects the parts; {@link #build} composes the kernel command line and checks everything. */
    public static final class Builder {
        private final String name;
        private final GuestImage image;
        private UUID uuid;
        private int vcpus = VmSpec.DEFAULT_VCPUS;
        private int memoryMiB = VmSpec.DEFAULT_MEMORY_MIB;
        private List<Integer> cpuset = List.of();
        private Accelerator accelerator = Accelerator.TCG;
        private String cpuModel = "qemu64";
        private DataDisk dataDisk;
        private Path agentSocket;
        private Path qmpSocket;
        private Path consoleLog;
        private boolean network;
        private boolean trace;
        private Path pidFile;

        private Builder(String name, GuestImage image) {
            this.name = Objects.requireNonNull(name, "name");
            this.image = Objects.requireNonNull(image, "image");
        }

        public Builder uuid(UUID u) { this.uuid = u; return this; }

        public Builder vcpus(int n) { this.vcpus = n; return this; }

        public Builder memoryMiB(int mib) { this.memoryMiB = mib; return this; }

        public Builder cpuset(List<Integer> cpus) { this.cpuset = cpus; return this; }

        /** The accelerator and the CPU model that goes with it. */
        public Builder accel(AccelPlan plan) {
            this.accelerator = plan.accelerator();
            this.cpuModel = plan.cpuModel();
            return this;
        }

        /** Overrides the CPU model chosen for the accelerator. */
        public Builder cpuModel(String model) { this.cpuModel = model; return this; }

        public Builder dataDisk(DataDisk d) { this.dataDisk = d; return this; }

        public Builder dataDisk(Path file, DiskFormat format, CacheMode cache) {
            return dataDisk(new DataDisk(file, format, cache, null, null));
        }

        public Builder agentSocket(Path p) { this.agentSocket = p; return this; }

        public Builder qmpSocket(Path p) { this.qmpSocket = p; return this; }

        public Builder consoleLog(Path p) { this.consoleLog = p; return this; }

        /**
         * A user-mode NIC (virtio-net; the guest is 10.0.2.15, the host reachable as 10.0.2.2, no inbound
         * connections); off by default: the guest has no network unless a lab asks.
         */
        public Builder network(boolean on) { this.network = on; return this; }

        /**
         * labs.trace on the kernel command line: the guest's init and agent print each boot phase's uptime on the
         * console ("labs-trace: PHASE SECONDS"), to see where boot time goes. Costs a few console writes.
         */
        public Builder trace(boolean on) { this.trace = on; return this; }

        public Builder pidFile(Path p) { this.pidFile = p; return this; }

        public MachineSpec build() {
            return new MachineSpec(name, uuid, vcpus, cpuset, memoryMiB, accelerator, cpuModel, MACHINE_TYPE,
                    image.kernel(), image.initrd(), kernelCommandLine(name, network, trace), image.rootDisk(),
                    dataDisk, agentSocket, qmpSocket, consoleLog, network, pidFile);
        }
    }

    /**
     * The guest kernel's command line. Each flag is here for boot time under TCG, measured on this machine:
     * quiet (printing the boot log through the emulated UART costs ~2 s); cryptomgr.notests (the crypto
     * self-tests are the slowest initcall, crypto_algapi_init 0.74 s of a ~3.5 s boot, initcall_debug);
     * rodata=off (skips write-protecting kernel text and the W+X audit, ~0.4 s; it hardens the kernel against
     * exploits, nothing a disposable lab guest without network measures); i8042.* (q35 has a PS/2 controller
     * nobody uses). panic=-1 with -no-reboot makes a kernel panic end QEMU at once instead of hanging.
     * no_timer_check: on a loaded host a TCG vCPU may not see the IO-APIC timer tick within the kernel's short
     * check, which then panics with "IO-APIC + timer doesn't work!" (seen in 2 of some 200 boots at load 9-17 here).
     * None of them changes what the experiments measure (mitigations stay on, as on the host).
     */
    static String kernelCommandLine(String name, boolean network, boolean trace) {
        List<String> args = new ArrayList<>(List.of("console=ttyS0", "quiet", "cryptomgr.notests", "rodata=off",
                "panic=-1", "no_timer_check", "i8042.noaux", "i8042.nomux", "i8042.nopnp", "i8042.dumbkbd",
                "8250.nr_uarts=1", "rdinit=/init", "labs.hostname=" + hostname(name)));
        if (network) {
            args.add("labs.net");
        }
        if (trace) {
            args.add("labs.trace");
        }
        return String.join(" ", args);
    }

    /** A VM name made into a host name: letters, digits and '-' only, at most 63 characters. */
    public static String hostname(String vmName) {
        String h = vmName.replaceAll("[^A-Za-z0-9-]", "-").replaceAll("^-+", "");
        h = h.length() > 63 ? h.substring(0, 63) : h;
        return h.isEmpty() ? "labs-guest" : h;
    }
}
