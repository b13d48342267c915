package labs.launcher.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import labs.launcher.Accelerator;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.MachineSpec;
import labs.launcher.guest.GuestImage;
import labs.launcher.vm.DomainXml;
import labs.launcher.vm.VirtXmlValidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The domain labs defines in libvirt: the built-in launcher's XML of the same MachineSpec, with only the devices a
 * libvirt host names itself changed; libvirt's schema (virt-xml-validate) accepts it. And what labs reads back from
 * a real `virsh dumpxml` (the fixture: `labs vm create vm1 --cpuset=0 --memory 256 --disk-size 32 --connect
 * qemu:///system`, `labs vm start vm1 --connect ...`, then `virsh -c qemu:///system dumpxml vm1`, libvirt 9.0).
 */
class LibvirtDomainXmlTest {
    @TempDir
    Path tmp;

    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    private static final Path BASE = Path.of("/var/lib/libvirt/labs/base/image-1 <&>'\"");
    private static final Path POOL = Path.of("/var/lib/libvirt/images/labs");

    private static MachineSpec machine() {
        GuestImage img = new GuestImage(BASE.resolve("vmlinux"), BASE.resolve("initrd.img"),
                POOL.resolve("vm1-root.qcow2"), "6.1.0-57-amd64", "test", BASE);
        return MachineSpec.builder("vm1", img).uuid(UUID.randomUUID()).vcpus(1).cpuset(List.of(0)).memoryMiB(256)
                .dataDisk(POOL.resolve("vm1-data.qcow2"), DiskFormat.QCOW2, CacheMode.NONE)
                .agentSocket(Path.of("/dev/null")).qmpSocket(Path.of("/dev/null")).consoleLog(Path.of("/dev/null"))
                .build();
    }

    @Test
    void sameMachineWithLibvirtsOwnDevicesAndItValidates() throws Exception {
        MachineSpec m = machine();
        String builtIn = DomainXml.of(m, QEMU);
        String xml = LibvirtDomainXml.of(m, QEMU, BASE.resolve("root.squashfs"));
        for (String same : List.of("<memory unit=\"MiB\">256</memory>", "<vcpu cpuset=\"0\" placement=\"static\">1",
                "<cmdline>" + m.kernelCmdline() + "</cmdline>", "vm1-data.qcow2", "<target name=\"labs.agent\"",
                "<kernel>" + BASE.resolve("vmlinux").toString().replace("&", "&amp;").replace("<", "&lt;")
                        .replace(">", "&gt;"))) {
            assertTrue(builtIn.contains(same), same + " in " + builtIn);
            assertTrue(xml.contains(same), same + " in " + xml);
        }
        assertTrue(xml.contains("<labs:vm xmlns:labs=\"" + LibvirtDomainXml.NS + "\"/>"), xml);
        assertFalse(xml.contains("/dev/null"), "no placeholder path reaches libvirt: " + xml);
        assertTrue(xml.contains("<serial type=\"pty\">") && xml.contains("<console type=\"pty\"/>"), xml);
        assertFalse(xml.contains("<readonly/>"), "the root overlay is the VM's own, so virt-clone copies it: " + xml);
        assertTrue(xml.contains("<backingStore type=\"file\">"), xml);
        assertTrue(xml.contains("root.squashfs\"/>"), xml);
        validate(xml);
    }

    /** A lab's transient domain: its serial console also logged to a file (virtlogd), and libvirt's schema agrees. */
    @Test
    void labGuestLogsItsConsole() throws Exception {
        String xml = LibvirtDomainXml.withConsoleLog(LibvirtDomainXml.of(machine(), QEMU, BASE.resolve("r")),
                Path.of("/var/log/libvirt/qemu/io-compare-1-console.log"));
        assertTrue(xml.contains("<serial type=\"pty\">\n      <log append=\"off\" file=\"/var/log/libvirt/qemu/"
                + "io-compare-1-console.log\"/>") || xml.contains("<log file=\"/var/log/libvirt/qemu/io-compare-1-"
                + "console.log\" append=\"off\"/>"), xml);
        VirtXmlValidate.domain(tmp, xml);
    }

    @Test
    void readsBackWhatVirshPrintsOfARunningLabsVm() throws Exception {
        LabsDomain d = LabsDomain.of(fixture("dumpxml-running.xml"));
        assertTrue(d.labs());
        assertEquals("vm1", d.name());
        assertEquals(Accelerator.TCG, d.accelerator());
        assertEquals(1, d.vcpus());
        assertEquals("0", d.cpuset());
        assertEquals(256, d.memoryMiB(), "libvirt prints KiB");
        assertEquals(List.of(POOL.resolve("vm1-root.qcow2"), POOL.resolve("vm1-data.qcow2")), d.disks());
        assertEquals(POOL.resolve("vm1-data.qcow2"), d.dataDisk());
        assertEquals(DiskFormat.QCOW2, d.dataFormat());
        assertEquals(Path.of("/var/lib/libvirt/qemu/channel/target/domain-13-vm1/labs.agent"), d.agentSocket());
    }

    @Test
    void aDomainWithoutTheMarkIsNotLabs() {
        LabsDomain d = LabsDomain.of("<domain type='kvm'><name>other</name><memory unit='GiB'>1</memory>"
                + "<metadata><x:vm xmlns:x='https://example.org/vm'/></metadata></domain>");
        assertFalse(d.labs());
        assertEquals(1024, d.memoryMiB());
        assertEquals(Accelerator.KVM, d.accelerator());
        assertNull(d.agentSocket());
    }

    private static String fixture(String name) throws Exception {
        try (InputStream in = LibvirtDomainXmlTest.class.getResourceAsStream("/libvirt/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void validate(String xml) throws Exception {
        VirtXmlValidate.domain(tmp, xml);
    }
}
