package labs.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.ExecResult;
import labs.common.LabsException;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.vm.LaunchedVm;
import labs.launcher.vm.ProcessStat;
import labs.launcher.vm.VcpuPinner;
import labs.launcher.vm.VmRuntime;
import labs.launcher.vm.VmState;
import labs.launcher.vm.VmStatus;
import labs.launcher.vm.VmStopper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The article's lifecycle with real QEMU under TCG on a temporary store (the guest image comes from the shared
 * cache): create, start, exec, pin, list, dumpxml, clone, two guests at once, kill -9, destroy, undefine.
 * Three boots in all.
 */
class LauncherIT {
    private static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    private Launcher launcher;

    @AfterEach
    void noQemuLeft() throws Exception {
        StoreTeardown.destroyAllAndCheck(launcher, tmp);
    }

    /**
     * AUTO on a machine where vt-check said KVM but Linux guests hang under it (exactly this machine's nested KVM
     * with -accel kvm): the watchdog stops the KVM boot, warns, and the guest boots under TCG.
     */
    @Test
    void autoFallsBackToTcgWhenAKvmBootHangs() throws Exception {
        // A probe as vt-check would answer on a machine it wrongly trusts: KVM usable, no vmx/svm (so -cpu qemu64).
        AccelProbe saysKvm = new AccelProbe() {
            @Override
            public Verdict kvm() { return new Verdict(true, "test: as if vt-check had said KVM"); }

            @Override
            public boolean cpuHasHwVirt() { return false; }
        };
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/kvm")), "needs /dev/kvm");
        launcher = new Launcher(tmp.resolve("data"), new GuestImageBuilder(GuestImageBuilder.defaultCacheRoot()),
                saysKvm, BootPolicy.of(Duration.ofSeconds(5), Duration.ofSeconds(60)));
        launcher.create(new VmSpec("fb", 1, List.of(), 256, 32, DiskFormat.RAW, CacheMode.NONE, AccelChoice.AUTO,
                false));
        try (RunningVm vm = launcher.start("fb")) {
            assertEquals(Accelerator.TCG, vm.accelerator());
            assertTrue(vm.acceleratorReason().contains("fell back to TCG"), vm.acceleratorReason());
            assertEquals(0, vm.exec(List.of("true"), T).exitCode());
        }
        launcher.undefine("fb", true);
    }

    @Test
    void lifecycleOfTwoGuests() throws Exception {
        launcher = new Launcher(tmp.resolve("data"), new GuestImageBuilder(GuestImageBuilder.defaultCacheRoot()),
                AccelProbe.TCG_ONLY);
        VmSpec spec = new VmSpec("vm1", 1, List.of(0), 256, 64, DiskFormat.QCOW2, CacheMode.NONE, AccelChoice.TCG,
                false);
        launcher.create(spec);
        assertThrows(LabsException.class, () -> launcher.create(spec), "duplicate refused");
        assertEquals(VmState.SHUT_OFF, launcher.status("vm1").state());

        try (RunningVm vm1 = launcher.start("vm1")) {
            assertEquals(Accelerator.TCG, vm1.accelerator());
            ExecResult uname = vm1.exec(List.of("uname", "-r"), T);
            assertEquals(0, uname.exitCode());
            assertEquals(vm1.guestKernel(), uname.stdout().strip());
            ExecResult fio = vm1.exec(List.of("fio", "--version"), T);
            assertTrue(fio.stdout().startsWith("fio-"), fio.stdout() + fio.stderr());
            ExecResult mpstat = vm1.exec(List.of("mpstat", "1", "1"), T);
            assertEquals(0, mpstat.exitCode(), mpstat.stderr());
            assertTrue(mpstat.stdout().contains("%steal"), mpstat.stdout());
            assertEquals(1, vm1.vcpuThreadIds().size());
            assertEquals("0", VcpuPinner.allowedCpus(vm1.pid(), vm1.vcpuThreadIds().get(0)), "pinned as --cpuset=0");
            assertEquals(0, vm1.exec(List.of("sh", "-c", "echo base > /data/who; sync"), T).exitCode());

            // a caller that stops waiting (interrupted) does not leave its command running in the guest
            Thread waiter = new Thread(() -> {
                try {
                    vm1.exec(List.of("sleep", "313"), T);
                } catch (Exception e) {
                    // expected: interrupted
                }
            });
            waiter.start();
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!vm1.exec(List.of("ps"), T).stdout().contains("sleep 313") && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertTrue(vm1.exec(List.of("ps"), T).stdout().contains("sleep 313"), "the command started");
            waiter.interrupt();
            waiter.join(10_000);
            until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (vm1.exec(List.of("ps"), T).stdout().contains("sleep 313") && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertFalse(vm1.exec(List.of("ps"), T).stdout().contains("sleep 313"), "killed in the guest");

            VmStatus st = launcher.status("vm1");
            assertEquals(VmState.RUNNING, st.state());
            assertEquals(vm1.pid(), st.pid());
            String xml = launcher.dumpXml("vm1");
            assertTrue(xml.contains("<domain type=\"qemu\">") && xml.contains("cpuset=\"0\""), xml);
            LabsException running = assertThrows(LabsException.class, () -> launcher.cloneVm("vm1", "vm2", false));
            assertTrue(running.getMessage().contains("running"));
            assertThrows(LabsException.class, () -> launcher.undefine("vm1", true), "running VM not undefined");

            // virsh shutdown's ACPI power button (what `labs vm shutdown` presses when the agent cannot be
            // reached): the guest powers itself off instead of waiting for the forced stop
            VmRuntime rt = ((LaunchedVm) vm1).runtime();
            assertTrue(VmStopper.powerButton(rt, Duration.ofSeconds(30)), "the guest honours the power button");
            assertTrue(Files.readString(launcher.store().consoleLog("vm1")).contains("ACPI power button"));
        }
        assertEquals(VmState.SHUT_OFF, launcher.status("vm1").state());

        launcher.cloneVm("vm1", "vm2", false);
        try (RunningVm vm1 = launcher.start("vm1"); RunningVm vm2 = launcher.start("vm2")) {
            assertNotEquals(vm1.pid(), vm2.pid());
            assertTrue(ProcessStat.startTicks(vm1.pid()).isPresent() && ProcessStat.startTicks(vm2.pid()).isPresent());
            assertEquals("base", vm2.exec(List.of("cat", "/data/who"), T).stdout().strip(), "clone sees base's data");
            vm2.exec(List.of("sh", "-c", "echo clone > /data/who; sync"), T);
            assertEquals("base", vm1.exec(List.of("cat", "/data/who"), T).stdout().strip(), "overlays are separate");

            // qemu killed with -9 behind the launcher's back: list tells the truth and cleans the stale state
            new ProcessBuilder("kill", "-9", Long.toString(vm2.pid())).start().waitFor();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ProcessStat.startTicks(vm2.pid()).isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(VmState.SHUT_OFF, launcher.status("vm2").state());
            assertFalse(Files.exists(launcher.store().qmpSocket("vm2")), "stale socket cleaned");
            assertTrue(launcher.store().runtime("vm2").isEmpty());

            assertTrue(launcher.destroy("vm1"));
            assertFalse(launcher.destroy("vm1"), "destroying a stopped VM says it was not running");
        }
        LabsException base = assertThrows(LabsException.class, () -> launcher.undefine("vm1", true));
        assertTrue(base.getMessage().contains("vm2"), "the base is kept while the clone uses it: " + base.getMessage());
        Path vm2Dir = launcher.store().dir("vm2");
        launcher.undefine("vm2", true);
        assertFalse(Files.exists(vm2Dir, LinkOption.NOFOLLOW_LINKS), "clone's folder, disk and sockets are gone");
        launcher.undefine("vm1", true);
        assertTrue(launcher.list().isEmpty());
    }
}
