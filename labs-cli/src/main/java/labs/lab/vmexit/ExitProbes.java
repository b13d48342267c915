package labs.lab.vmexit;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import labs.common.LabsException;
import labs.common.Ui;
import labs.vmm.CpuMode;
import labs.vmm.ExitHandler;
import labs.vmm.GuestMemory;
import labs.vmm.GuestRun;
import labs.vmm.HostCode;
import labs.vmm.IoEventFd;
import labs.vmm.KvmFlavor;
import labs.vmm.KvmStats;
import labs.vmm.LongModeSetup;
import labs.vmm.Timing;
import labs.vmm.Ports;
import labs.vmm.Vcpu;
import labs.vmm.Vm;
import labs.vmm.VmExit;
import labs.vmm.Vmm;
import labs.vmm.guest.GuestProgram;
import labs.vmm.guest.GuestPrograms;
import labs.vmm.kvm.Kvm;

/**
 * The measurements of the vm-exit lab, each in a fresh VM so that nothing one leaves behind (mapped pages, a
 * warmed-up vCPU) changes the next. Each checks that the guest did what was timed (its result, the exits seen)
 * before the time is trusted. Time runs from the guest's MARK exit to its DONE exit, taken on the vCPU thread.
 */
public final class ExitProbes {
    /** Guest-physical address with page-table mappings but no RAM: every access is an MMIO exit. */
    public static final long MMIO_ADDRESS = 0x3000_0000L;
    private static final long VM_RAM = 4L << 20;

    private static final int ROUND_TRIP_SAMPLES = 9;

    private final Kvm kvm;
    /**
     * VT-x/AMD-V runs ring 0 natively: a CPL0 loop then gets the CPL3 loop's watchdog limit, not the one made for
     * ring 0 emulated at ~3 us an iteration (20,000 s for a billion iterations: a stuck guest was never caught).
     */
    private final boolean ring0Native = KvmFlavor.detect().hardware();
    private Timing roundTrip = new Timing(0, 0);   // nothing is taken off while warming up

    /**
     * Warms up the VMM's exit path, then measures the round trip every guest timing contains (median of a few
     * MARK-then-DONE guests).
     *
     * @param warmUpExits port and MMIO exits run and thrown away first, so that the JIT has compiled the exit
     *                    path (KVM_RUN call, decoding, handler) before anything is timed; 0 for none
     */
    public ExitProbes(Kvm kvm, long warmUpExits) {
        this.kvm = kvm;
        if (warmUpExits > 0) {
            portExitsToUserSpace(warmUpExits);
            mmioExitsToUserSpace(warmUpExits);
        }
        long[] wall = new long[ROUND_TRIP_SAMPLES];
        long[] cpu = new long[ROUND_TRIP_SAMPLES];
        for (int i = 0; i < wall.length; i++) {
            try (Vm vm = Vm.create(kvm, VM_RAM)) {
                Timing t = timed(vm.load(GuestPrograms.markThenDone().code(), CpuMode.USER_CPL3), ExitHandler.NONE,
                        limitFor(0)).run.timed();
                wall[i] = t.wallNanos();
                cpu[i] = t.cpuNanos();
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        roundTrip = new Timing(wall[wall.length / 2], cpu[cpu.length / 2]);
    }

    /** The time from a guest's MARK exit to its DONE exit with nothing in between: one exit and one entry. */
    public Timing roundTrip() { return roundTrip; }

    /** The counting loop's bytes run as a function in this process. */
    public Probe hostLoop(long n) {
        try (HostCode code = HostCode.load(GuestPrograms.countingLoopForHost(n).code())) {
            Timing t0 = Timing.now();
            long rax = code.call();
            Timing t = Timing.now().since(t0);
            expect("host loop", n, rax);
            return new Probe("loop", "host", n, t, new Timing(0, 0), null, Map.of());
        }
    }

    /** The counting loop in a guest at mode's privilege level. */
    public Probe guestLoop(long n, CpuMode mode) {
        GuestProgram p = GuestPrograms.countingLoop(n);
        try (Vm vm = Vm.create(kvm, VM_RAM)) {
            Vcpu v = vm.load(p.code(), mode);
            Timed t = timed(v, ExitHandler.NONE, limitFor(n * (mode == CpuMode.KERNEL_CPL0 && !ring0Native ? 20_000 : 20)));
            expect("guest loop", n, t.run.rax());
            return new Probe("loop", where(mode), n, t.run.timed(), roundTrip, t.run.exits(),
                    t.stats);
        }
    }

    /** n port writes, each handled by the VMM in user space (a device emulated in Java). */
    public Probe portExitsToUserSpace(long n) {
        long[] seen = {0};
        try (Vm vm = Vm.create(kvm, VM_RAM)) {
            Vcpu v = vm.load(GuestPrograms.portWrites(Ports.DEVICE, n).code(), CpuMode.USER_CPL3);
            Timed t = timed(v, (exit, vcpu) -> exit instanceof VmExit.PortIo io && io.port() == Ports.DEVICE
                    && ++seen[0] > 0, limitFor(n * 1_000_000));
            expect("port writes reaching the VMM", n, seen[0]);
            return new Probe("port-io-user", where(CpuMode.USER_CPL3), n, t.run.timed(),
                    roundTrip, t.run.exits(), t.stats);
        }
    }

    /** n stores to an address without RAM, each handled by the VMM in user space. */
    public Probe mmioExitsToUserSpace(long n) {
        long[] seen = {0};
        try (Vm vm = Vm.create(kvm, VM_RAM)) {
            Vcpu v = vm.load(GuestPrograms.mmioWrites(MMIO_ADDRESS, n).code(), CpuMode.USER_CPL3);
            Timed t = timed(v, (exit, vcpu) -> exit instanceof VmExit.Mmio m && m.address() == MMIO_ADDRESS
                    && ++seen[0] > 0, limitFor(n * 1_000_000));
            expect("MMIO writes reaching the VMM", n, seen[0]);
            return new Probe("mmio-user", where(CpuMode.USER_CPL3), n, t.run.timed(),
                    roundTrip, t.run.exits(), t.stats);
        }
    }

    /** n port writes to a doorbell KVM handles in the kernel (KVM_IOEVENTFD): the VMM sees none of them. */
    public Probe portExitsInKernel(long n) {
        try (Vm vm = Vm.create(kvm, VM_RAM)) {
            IoEventFd doorbell = vm.addIoEventFd(Ports.DOORBELL, 4);
            Vcpu v = vm.load(GuestPrograms.portWrites(Ports.DOORBELL, n).code(), CpuMode.USER_CPL3);
            Timed t = timed(v, ExitHandler.NONE, limitFor(n * 1_000_000));
            expect("eventfd signals from KVM", n, doorbell.drain());
            return new Probe("port-io-ioeventfd", where(CpuMode.USER_CPL3), n, t.run.timed(),
                    roundTrip, t.run.exits(), t.stats);
        }
    }

    /** The guest stores into pages fresh pages (first touch), then the same pages again (already mapped). */
    public Probe[] pageTouches(long pages) {
        GuestProgram p = GuestPrograms.touchPages(LongModeSetup.FIRST_FREE, pages);
        try (Vm vm = Vm.create(kvm, LongModeSetup.FIRST_FREE + pages * GuestMemory.PAGE)) {
            Timed first = timed(vm.load(p.code(), CpuMode.USER_CPL3), ExitHandler.NONE, limitFor(pages * 1_000_000));
            Timed again = timed(vm.load(p.code(), CpuMode.USER_CPL3), ExitHandler.NONE, limitFor(pages * 1_000_000));
            long last = vm.memory().readLong(LongModeSetup.FIRST_FREE + (pages - 1) * GuestMemory.PAGE);
            expect("value in the last page touched", pages, last);
            return new Probe[] {
                new Probe("page-first-touch", where(CpuMode.USER_CPL3), pages, first.run.timed(),
                        roundTrip, first.run.exits(), first.stats),
                new Probe("page-touch-mapped", where(CpuMode.USER_CPL3), pages, again.run.timed(),
                        roundTrip, again.run.exits(), again.stats)};
        }
    }

    public static String where(CpuMode mode) {
        return mode == CpuMode.USER_CPL3 ? "guest CPL3" : "guest CPL0";
    }

    private record Timed(GuestRun run, Map<String, Long> stats) {}

    private static Timed timed(Vcpu v, ExitHandler h, Duration limit) {
        try (KvmStats stats = KvmStats.open(v)) {
            Map<String, Long> before = stats == null ? Map.of() : stats.read();
            GuestRun run = Vmm.run(v, h, limit, Ui.TERMINAL);
            return new Timed(run, stats == null ? Map.of() : KvmStats.delta(before, stats.read()));
        }
    }

    /** Generous: 10 s plus the given nanoseconds, so only a guest that is stuck trips the watchdog. */
    private static Duration limitFor(long nanos) {
        return Duration.ofSeconds(10).plusNanos(Math.max(0, nanos));
    }

    private static void expect(String what, long expected, long actual) {
        if (expected != actual) {
            throw LabsException.failed(what + ": expected " + expected + ", got " + actual,
                    "the guest did not do what was timed, so the time would mean nothing", null);
        }
    }
}
