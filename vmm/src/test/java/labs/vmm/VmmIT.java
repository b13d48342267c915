package labs.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import labs.common.Progress;
import labs.vmm.guest.GuestProgram;
import labs.vmm.guest.GuestPrograms;
import labs.vmm.kvm.Kvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real guests on this machine's /dev/kvm. Skipped only where /dev/kvm does not exist. */
class VmmIT {
    private static final long MMIO_ADDRESS = 0x3000_0000L;   // mapped by the page tables, no RAM behind it
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private Kvm kvm;
    private long fdsBefore;

    @BeforeAll
    static void needKvm() {
        Assumptions.assumeTrue(Files.exists(Path.of(Kvm.DEVICE)),
                "/dev/kvm does not exist on this machine: KVM guest tests skipped");
    }

    @BeforeEach
    void open() throws IOException {
        fdsBefore = openFds();
        kvm = KvmAccess.open();   // present but unusable is a failure, not a skip
    }

    @AfterEach
    void everythingFreed() throws IOException {
        kvm.close();
        assertEquals(fdsBefore, openFds(), "KVM or eventfd descriptors leaked");
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("vcpu-") && t.isAlive()), "a vCPU thread is still running");
    }

    private GuestRun run(GuestProgram p, CpuMode mode, ExitHandler h) {
        try (Vm vm = Vm.create(kvm, 4 << 20)) {
            return Vmm.run(vm.load(p.code(), mode), h, LIMIT, Progress.SILENT);
        }
    }

    @Test
    void loopGuestReturnsItsCountInRax() {
        GuestRun r = run(GuestPrograms.countingLoop(1_000_000), CpuMode.USER_CPL3, ExitHandler.NONE);
        assertEquals(1_000_000, r.rax());
        assertEquals(1_000_000, r.result());
        assertEquals(Map.of(ExitKind.PORT_OUT, 2L), r.exits().nonZero(), "MARK and DONE only");
    }

    @Test
    void outGuestMakesExactlyNPortExitsWithItsData() {
        int n = 500;
        List<VmExit.PortIo> seen = new ArrayList<>();
        GuestRun r = run(GuestPrograms.portWrites(Ports.DEVICE, n), CpuMode.USER_CPL3, (e, v) -> {
            seen.add((VmExit.PortIo) e);
            return true;
        });
        assertEquals(n, seen.size());
        for (int i = 0; i < n; i++) {
            assertEquals(new VmExit.PortIo(true, Ports.DEVICE, 4, 1, i), seen.get(i));
        }
        assertEquals(n + 2, r.exits().get(ExitKind.PORT_OUT));
        assertEquals(n, r.result());
    }

    @Test
    void mmioGuestShowsAddressAndValue() {
        List<VmExit> seen = new ArrayList<>();
        run(GuestPrograms.mmioWrites(MMIO_ADDRESS, 3), CpuMode.USER_CPL3, (e, v) -> seen.add(e));
        assertEquals(List.of(new VmExit.Mmio(true, MMIO_ADDRESS, 4, 0), new VmExit.Mmio(true, MMIO_ADDRESS, 4, 1),
                new VmExit.Mmio(true, MMIO_ADDRESS, 4, 2)), seen);
    }

    @Test
    void mmioAndPortReadsGetTheVmmsAnswer() {
        GuestRun mmio = run(GuestPrograms.mmioRead(MMIO_ADDRESS), CpuMode.USER_CPL3, (e, v) -> {
            assertEquals(new VmExit.Mmio(false, MMIO_ADDRESS, 4, 0), e);
            v.answerMmioRead(0xcafe);
            return true;
        });
        assertEquals(0xcafe, mmio.result());
        GuestRun in = run(GuestPrograms.portRead(Ports.DEVICE), CpuMode.USER_CPL3, (e, v) -> {
            v.answerIn(0xbeef);
            return true;
        });
        assertEquals(0xbeef, in.result());
        assertEquals(1, in.exits().get(ExitKind.PORT_IN));
    }

    @Test
    void ioeventfdWritesNeverReachUserSpace() {
        int n = 500;
        try (Vm vm = Vm.create(kvm, 4 << 20)) {
            IoEventFd doorbell = vm.addIoEventFd(Ports.DOORBELL, 4);
            Vcpu v = vm.load(GuestPrograms.portWrites(Ports.DOORBELL, n).code(), CpuMode.USER_CPL3);
            GuestRun r = Vmm.run(v, ExitHandler.NONE, LIMIT, Progress.SILENT);   // any device exit would fail the run
            assertEquals(Map.of(ExitKind.PORT_OUT, 2L), r.exits().nonZero(), "only MARK and DONE reach the VMM");
            assertEquals(n, doorbell.drain(), "KVM signalled the eventfd once per write");
        }
    }

    @Test
    void tripleFaultIsAClearErrorAndFreesTheVm() {
        GuestStoppedException e = assertThrows(GuestStoppedException.class,
                () -> run(GuestPrograms.invalidOpcode(), CpuMode.USER_CPL3, ExitHandler.NONE));
        assertInstanceOf(VmExit.Shutdown.class, e.exit());
        assertTrue(e.getMessage().contains("triple fault") && e.getMessage().contains("rip 0x10000"),
                e.getMessage());
    }

    @Test
    void exitNoDeviceHandlesIsNamed() {
        GuestStoppedException e = assertThrows(GuestStoppedException.class,
                () -> run(GuestPrograms.portWrites(Ports.DEVICE, 3), CpuMode.USER_CPL3, ExitHandler.NONE));
        assertEquals(new VmExit.PortIo(true, Ports.DEVICE, 4, 1, 0), e.exit());
        assertTrue(e.getMessage().contains("does not handle: out port 0x20"), e.getMessage());
    }

    @Test
    void watchdogStopsAGuestThatNeverExits() {
        long t0 = System.nanoTime();
        GuestStoppedException e = assertThrows(GuestStoppedException.class, () -> {
            try (Vm vm = Vm.create(kvm, 4 << 20)) {
                Vmm.run(vm.load(GuestPrograms.spinForever().code(), CpuMode.USER_CPL3), ExitHandler.NONE,
                        Duration.ofMillis(300), Progress.SILENT);
            }
        });
        assertInstanceOf(VmExit.Interrupted.class, e.exit());
        assertTrue(e.counts().get(ExitKind.INTERRUPTED) >= 1);
        assertTrue(e.getMessage().contains("did not finish within 300 ms"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 15_000_000_000L, "the watchdog must not wait for the guest");
    }

    @Test
    void kernelModeGuestRunsTooAndHltIsAnExitOfItsOwn() {
        assertEquals(200, run(GuestPrograms.countingLoop(200), CpuMode.KERNEL_CPL0, ExitHandler.NONE).rax());
        GuestStoppedException e = assertThrows(GuestStoppedException.class,
                () -> run(GuestPrograms.halt(), CpuMode.KERNEL_CPL0, ExitHandler.NONE));
        assertInstanceOf(VmExit.Hlt.class, e.exit());
        // at CPL3, hlt is a privileged instruction: #GP, and with no IDT a triple fault
        GuestStoppedException user = assertThrows(GuestStoppedException.class,
                () -> run(GuestPrograms.halt(), CpuMode.USER_CPL3, ExitHandler.NONE));
        assertInstanceOf(VmExit.Shutdown.class, user.exit());
    }

    @Test
    void kvmStatsCountTheExits() {
        try (Vm vm = Vm.create(kvm, 4 << 20)) {
            Vcpu v = vm.load(GuestPrograms.portWrites(Ports.DEVICE, 100).code(), CpuMode.USER_CPL3);
            try (KvmStats stats = KvmStats.open(v)) {
                Assumptions.assumeTrue(stats != null, "this kernel has no KVM_GET_STATS_FD");
                Map<String, Long> before = stats.read();
                Vmm.run(v, (e, c) -> true, LIMIT, Progress.SILENT);
                Map<String, Long> d = KvmStats.delta(before, stats.read());
                assertTrue(d.getOrDefault("exits", 0L) >= 102, d.toString());
            }
        }
    }

    @Test
    void sameLoopBytesRunOnTheHost() {
        try (HostCode code = HostCode.load(GuestPrograms.countingLoopForHost(12345).code())) {
            assertEquals(12345, code.call());
        }
    }

    @Test
    void tinyGuestProofForVtCheck() {
        GuestRunProof p = TinyGuest.runTinyGuest(Progress.SILENT);
        assertTrue(p.ran(), p.summary());
        assertEquals(TinyGuest.LOOP_COUNT, p.observed());
    }

    @Test
    void pagesTouchedByTheGuestAreItsRam() {
        try (Vm vm = Vm.create(kvm, 4 << 20)) {
            Vcpu v = vm.load(GuestPrograms.touchPages(LongModeSetup.FIRST_FREE, 8).code(), CpuMode.USER_CPL3);
            Vmm.run(v, ExitHandler.NONE, LIMIT, Progress.SILENT);
            for (int i = 0; i < 8; i++) {
                assertEquals(i + 1, vm.memory().readLong(LongModeSetup.FIRST_FREE + i * GuestMemory.PAGE));
            }
        }
    }

    /** Descriptors of KVM objects and eventfds (the JVM opens jar files lazily, so all fds would be noisy). */
    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.map(p -> {
                try {
                    return Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(l -> l.contains("kvm") || l.contains("eventfd")).count();
        }
    }

}
