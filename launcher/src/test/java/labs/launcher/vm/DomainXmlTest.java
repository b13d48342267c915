package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.launcher.Accelerator;
import labs.launcher.DiskFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The XML must be what `virsh define` accepts: checked against libvirt's own schema with virt-xml-validate. */
class DomainXmlTest {
    @TempDir
    Path tmp;

    private static final DomainXml.Paths PATHS = new DomainXml.Paths(Path.of("/usr/bin/qemu-system-x86_64"),
            Path.of("/store/vm1/agent.sock"), "labs.agent", Path.of("/store/vm1/console.log"));

    @Test
    void plainVmValidatesAndShowsTheBooksSettings() throws Exception {
        VmDefinition def = Defs.sample("vm1", Path.of("/store/vm1/disk.qcow2"));
        String xml = DomainXml.of(def, Accelerator.TCG, PATHS);
        assertTrue(xml.contains("<domain type=\"qemu\">"), xml);
        assertTrue(xml.contains("cpuset=\"0,1\""), xml);
        assertTrue(xml.contains("type=\"qcow2\""), xml);
        assertTrue(xml.contains("cache=\"none\""), xml);
        assertTrue(xml.contains("&lt;&amp;&gt;"), "cmdline escaped: " + xml);
        assertFalse(xml.contains("<interface"), "no NIC unless asked");
        validate(xml);
    }

    @Test
    void linkedCloneUnderKvmWithNetworkValidates() throws Exception {
        VmDefinition base = Defs.sample("vm2", Path.of("/store/vm2/disk.qcow2"));
        VmDefinition def = new VmDefinition(base.name(), base.uuid(), 1, List.of(), 256,
                new VmDisk(Path.of("/store/vm2/disk.qcow2"), DiskFormat.QCOW2, 64, labs.launcher.CacheMode.WRITEBACK,
                        Path.of("/store/vm1/disk.raw"), DiskFormat.RAW, "vm1"),
                null, base.image(), base.accel(), true, base.created());
        String xml = DomainXml.of(def, Accelerator.KVM, PATHS);
        assertTrue(xml.contains("<domain type=\"kvm\">"));
        assertTrue(xml.contains("<backingStore"));
        assertTrue(xml.contains("<interface type=\"user\">"));
        assertFalse(xml.contains("cpuset"));
        validate(xml);
    }

    private void validate(String xml) throws Exception {
        Path validator = HostRunner.which("virt-xml-validate");
        assumeTrue(validator != null && HostRunner.which("xmllint") != null,
                "virt-xml-validate needs: sudo apt-get install -y libvirt-clients libxml2-utils");
        Path file = Files.writeString(tmp.resolve("domain.xml"), xml);
        ExecResult r = HostRunner.INSTANCE.exec(List.of(validator.toString(), file.toString(), "domain"),
                Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), "virt-xml-validate: " + r.stdout() + r.stderr() + "\n" + xml);
    }
}
