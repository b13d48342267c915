package labs.launcher.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import labs.common.LabsException;
import labs.launcher.AccelChoice;
import labs.launcher.AccelPlan;
import labs.launcher.AccelProbe;
import labs.launcher.Accelerator;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.MachineSpec;
import labs.launcher.guest.GuestImage;
import org.junit.jupiter.api.Test;

class QemuCommandTest {
    private static final GuestImage IMAGE = new GuestImage(Path.of("/c/vmlinux"), Path.of("/c/initrd.img"),
            Path.of("/c/root,1.ext4"), "6.1.0-56-amd64", "test", Path.of("/c"));
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    private static MachineSpec.Builder base() {
        return MachineSpec.builder("vm", IMAGE).agentSocket(Path.of("/v/agent.sock")).qmpSocket(Path.of("/v/qmp.sock"))
                .consoleLog(Path.of("/v/console.log"));
    }

    private static List<String> argv(MachineSpec.Builder b) { return QemuCommand.of(b.build(), QEMU); }

    private static String after(List<String> argv, String option, String containing) {
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(option) && argv.get(i + 1).contains(containing)) {
                return argv.get(i + 1);
            }
        }
        throw new AssertionError("no " + option + " with " + containing + " in " + argv);
    }

    @Test
    void defaultsAreMinimalWithNoNetwork() {
        List<String> a = argv(base());
        assertEquals(QEMU.toString(), a.get(0));
        assertTrue(a.containsAll(List.of("-nodefaults", "-no-user-config", "-no-reboot")));
        assertEquals("none", after(a, "-nic", "none"));
        assertEquals("none", after(a, "-display", "none"));
        assertEquals("tcg", after(a, "-accel", ""));
        assertEquals("q35", after(a, "-machine", ""));
        assertEquals("/c/vmlinux", after(a, "-kernel", ""));
        assertTrue(after(a, "-drive", "id=root").contains("readonly=on"));
        assertTrue(after(a, "-drive", "id=root").contains("file=/c/root,,1.ext4"), "commas doubled");
        assertTrue(after(a, "-device", "virtserialport").contains("name=labs.agent"));
        assertTrue(after(a, "-chardev", "id=qmp").contains("path=/v/qmp.sock,server=on,wait=off"));
        assertEquals("chardev=qmp,mode=control", after(a, "-mon", ""));
        assertTrue(after(a, "-append", "console=ttyS0").contains("panic=-1"));
        assertFalse(a.stream().anyMatch(s -> s.contains("id=data")));
    }

    @Test
    void dataDiskCacheModesPickTheMatchingAio() {
        String direct = after(argv(base().dataDisk(Path.of("/v/d.qcow2"), DiskFormat.QCOW2, CacheMode.NONE)),
                "-drive", "id=data");
        assertTrue(direct.contains("format=qcow2") && direct.contains("cache=none,aio=native"), direct);
        String cached = after(argv(base().dataDisk(Path.of("/v/d.img"), DiskFormat.RAW, CacheMode.WRITEBACK)),
                "-drive", "id=data");
        assertTrue(cached.contains("format=raw") && cached.contains("cache=writeback,aio=threads"), cached);
        assertTrue(after(argv(base().dataDisk(Path.of("/v/d.img"), DiskFormat.RAW, CacheMode.NONE)),
                "-device", "drive=data").contains("serial=data"));
    }

    @Test
    void networkOnlyWhenAskedAndVmNameBecomesHostname() {
        List<String> a = argv(MachineSpec.builder("web 1/x", IMAGE).agentSocket(Path.of("/v/a")).qmpSocket(
                Path.of("/v/q")).consoleLog(Path.of("/v/c")).network(true).vcpus(2).memoryMiB(1024));
        assertTrue(after(a, "-nic", "user").contains("virtio-net-pci"));
        assertEquals("2", after(a, "-smp", ""));
        assertEquals("1024M", after(a, "-m", ""));
        assertEquals("guest=web 1/x,debug-threads=on", after(a, "-name", ""));
        assertTrue(after(a, "-append", "console").contains("labs.hostname=web-1-x"));
        assertTrue(after(a, "-append", "console").contains("labs.net"));
        assertFalse(after(argv(base()), "-append", "console").contains("labs.net"));
    }

    @Test
    void traceOnlyWhenAsked() {
        assertTrue(base().trace(true).build().kernelCmdline().endsWith(" labs.trace"));
        assertFalse(base().build().kernelCmdline().contains("labs.trace"));
    }

    /** The accelerator's plan sets both -accel and -cpu: "host" only under KVM on a CPU with vmx/svm. */
    @Test
    void cpuModelFollowsTheAccelerator() {
        AccelProbe hw = probe(true, true);
        AccelProbe nested = probe(true, false);
        assertEquals("host", after(argv(base().accel(AccelPlan.decide(AccelChoice.AUTO, hw))), "-cpu", ""));
        assertEquals("kvm", after(argv(base().accel(AccelPlan.decide(AccelChoice.AUTO, hw))), "-accel", ""));
        assertEquals("qemu64", after(argv(base().accel(AccelPlan.decide(AccelChoice.AUTO, nested))), "-cpu", ""));
        assertEquals("qemu64", after(argv(base().accel(AccelPlan.decide(AccelChoice.TCG, hw))), "-cpu", ""));
        AccelPlan none = AccelPlan.decide(AccelChoice.AUTO, probe(false, true));
        assertEquals(Accelerator.TCG, none.accelerator());
        assertTrue(none.reason().startsWith("auto: probe says"), none.reason());
    }

    /** Only AUTO's KVM plan has a second try, under TCG with its own CPU model, and it says why. */
    @Test
    void onlyAutoFallsBackFromKvmToTcg() {
        AccelPlan kvm = AccelPlan.decide(AccelChoice.AUTO, probe(true, true));
        AccelPlan tcg = kvm.fallback().orElseThrow();
        assertEquals(Accelerator.TCG, tcg.accelerator());
        assertEquals("qemu64", tcg.cpuModel());
        assertTrue(tcg.reason().contains("fell back to TCG"), tcg.reason());
        assertTrue(tcg.fallback().isEmpty());
        assertTrue(AccelPlan.decide(AccelChoice.TCG, probe(true, true)).fallback().isEmpty());
        assertTrue(AccelPlan.of(AccelChoice.KVM, Accelerator.KVM, probe(true, true), "asked").fallback().isEmpty());
    }

    @Test
    void badValuesAreRefusedWhenTheSpecIsMade() {
        assertEquals(2, assertThrows(LabsException.class, () -> base().vcpus(0).build()).exitCode());
        assertThrows(LabsException.class, () -> base().vcpus(65).build());
        assertThrows(LabsException.class, () -> base().memoryMiB(16).build());
        LabsException longSocket = assertThrows(LabsException.class,
                () -> base().agentSocket(Path.of("/" + "x".repeat(120))).build());
        assertTrue(longSocket.getMessage().contains("106"), longSocket.getMessage());
        // The edge Java itself draws: a socket path of 106 bytes connects, one of 107 does not (HostilePathIT met it)
        assertEquals(106, MachineSpec.checkSocketPath(Path.of("/" + "x".repeat(105))).toString().length());
        assertThrows(LabsException.class, () -> MachineSpec.checkSocketPath(Path.of("/" + "x".repeat(106))));
        assertThrows(NullPointerException.class, () -> MachineSpec.builder("vm", IMAGE).build());
    }

    private static AccelProbe probe(boolean kvmUsable, boolean hwVirt) {
        return new AccelProbe() {
            @Override
            public Verdict kvm() { return new Verdict(kvmUsable, "probe says " + kvmUsable); }

            @Override
            public boolean cpuHasHwVirt() { return hwVirt; }
        };
    }
}
