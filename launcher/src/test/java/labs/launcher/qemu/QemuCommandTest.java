package labs.launcher.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import labs.common.LabsException;
import labs.launcher.Accelerator;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.guest.GuestImage;
import org.junit.jupiter.api.Test;

class QemuCommandTest {
    private static final GuestImage IMAGE = new GuestImage(Path.of("/c/vmlinux"), Path.of("/c/initrd.img"),
            Path.of("/c/root,1.ext4"), "6.1.0-56-amd64", "test", Path.of("/c"));

    private static QemuCommand base() {
        return QemuCommand.forImage(IMAGE).agentSocket(Path.of("/v/agent.sock")).qmpSocket(Path.of("/v/qmp.sock"))
                .consoleLog(Path.of("/v/console.log"));
    }

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
        List<String> a = base().build();
        assertTrue(a.get(0).endsWith("qemu-system-x86_64"));
        assertTrue(a.containsAll(List.of("-nodefaults", "-no-user-config", "-no-reboot")));
        assertEquals("none", after(a, "-nic", "none"));
        assertEquals("none", after(a, "-display", "none"));
        assertEquals("tcg", after(a, "-accel", ""));
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
        String direct = after(base().dataDisk(Path.of("/v/d.qcow2"), DiskFormat.QCOW2, CacheMode.NONE).build(),
                "-drive", "id=data");
        assertTrue(direct.contains("format=qcow2") && direct.contains("cache=none,aio=native"), direct);
        String cached = after(base().dataDisk(Path.of("/v/d.img"), DiskFormat.RAW, CacheMode.WRITEBACK).build(),
                "-drive", "id=data");
        assertTrue(cached.contains("format=raw") && cached.contains("cache=writeback,aio=threads"), cached);
        assertTrue(after(base().dataDisk(Path.of("/v/d.img"), DiskFormat.RAW, CacheMode.NONE).build(),
                "-device", "drive=data").contains("serial=data"));
    }

    @Test
    void networkOnlyWhenAskedAndVmNameBecomesHostname() {
        List<String> a = base().network(true).vcpus(2).memoryMiB(1024).name("web 1/x").build();
        assertTrue(after(a, "-nic", "user").contains("virtio-net-pci"));
        assertEquals("2", after(a, "-smp", ""));
        assertEquals("1024M", after(a, "-m", ""));
        assertTrue(after(a, "-append", "console").contains("labs.hostname=web-1-x"));
        assertTrue(after(a, "-append", "console").contains("labs.net"));
        assertFalse(after(base().build(), "-append", "console").contains("labs.net"));
    }

    @Test
    void traceOnlyWhenAsked() {
        assertTrue(base().trace(true).kernelCommandLine().endsWith(" labs.trace"));
        assertFalse(base().kernelCommandLine().contains("labs.trace"));
    }

    @Test
    void cpuModelFollowsTheAccelerator() {
        assertEquals("host", QemuCommand.defaultCpuModel(Accelerator.KVM, true));
        assertEquals("qemu64", QemuCommand.defaultCpuModel(Accelerator.KVM, false));
        assertEquals("qemu64", QemuCommand.defaultCpuModel(Accelerator.TCG, true));
        assertEquals("kvm", after(base().accelerator(Accelerator.KVM).build(), "-accel", ""));
    }

    @Test
    void badValuesAreRefused() {
        assertThrows(LabsException.class, () -> base().vcpus(0));
        assertThrows(LabsException.class, () -> base().memoryMiB(16));
        assertThrows(LabsException.class, () -> base().agentSocket(Path.of("/" + "x".repeat(120))));
        assertThrows(IllegalStateException.class, () -> QemuCommand.forImage(IMAGE).build());
    }
}
