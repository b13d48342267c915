package labs.launcher.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import labs.launcher.AccelChoice;
import labs.launcher.AccelPlan;
import labs.launcher.AccelProbe;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.MachineSpec;
import labs.launcher.guest.GuestImage;
import labs.launcher.qemu.QemuCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The XML must be what `virsh define` accepts (checked against libvirt's own schema with virt-xml-validate), and it
 * must describe the machine QEMU is given: both are rendered from one MachineSpec and compared field by field.
 */
class DomainXmlTest {
    @TempDir
    Path tmp;

    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    /** Characters XML must escape and QEMU's option syntax must double, in every path. */
    private static final Path DIR = Path.of("/store/a,b <&>'\"");

    private static MachineSpec.Builder spec(String name) {
        GuestImage img = new GuestImage(DIR.resolve("vmlinux"), DIR.resolve("initrd.cpio"), DIR.resolve("root.ext4"),
                "6.1.0-56-amd64", "test", DIR);
        return MachineSpec.builder(name, img).uuid(UUID.randomUUID()).agentSocket(DIR.resolve("agent.sock"))
                .qmpSocket(DIR.resolve("qmp.sock")).consoleLog(DIR.resolve("console.log"));
    }

    @Test
    void plainVmValidatesAndShowsTheBooksSettings() throws Exception {
        MachineSpec m = spec("vm1").vcpus(2).cpuset(List.of(0, 1))
                .dataDisk(DIR.resolve("disk.qcow2"), DiskFormat.QCOW2, CacheMode.NONE).build();
        String xml = DomainXml.of(m, QEMU);
        assertTrue(xml.contains("<domain type=\"qemu\">"), xml);
        assertTrue(xml.contains("cpuset=\"0,1\""), xml);
        assertTrue(xml.contains("type=\"qcow2\""), xml);
        assertTrue(xml.contains("io=\"native\""), xml);
        assertTrue(xml.contains("a,b &lt;&amp;&gt;"), "paths escaped: " + xml);
        assertFalse(xml.contains("<interface"), "no NIC unless asked");
        validate(xml);
        agree(m, xml);
    }

    @Test
    void linkedCloneUnderKvmWithNetworkValidates() throws Exception {
        AccelProbe hw = new AccelProbe() {
            @Override
            public Verdict kvm() { return new Verdict(true, "test"); }

            @Override
            public boolean cpuHasHwVirt() { return true; }
        };
        MachineSpec m = spec("vm2").memoryMiB(256).network(true).accel(AccelPlan.decide(AccelChoice.AUTO, hw))
                .dataDisk(new MachineSpec.DataDisk(DIR.resolve("disk.qcow2"), DiskFormat.QCOW2, CacheMode.WRITEBACK,
                        Path.of("/store/vm1/disk.raw"), DiskFormat.RAW)).build();
        String xml = DomainXml.of(m, QEMU);
        assertTrue(xml.contains("<domain type=\"kvm\">"));
        assertTrue(xml.contains("<cpu mode=\"host-passthrough\""), xml);
        assertTrue(xml.contains("<backingStore"));
        assertTrue(xml.contains("<interface type=\"user\">"));
        assertFalse(xml.contains("cpuset"));
        validate(xml);
        agree(m, xml);
    }

    @Test
    void aMachineWithoutDataDiskOrUuidValidates() throws Exception {
        MachineSpec m = MachineSpec.builder("bare", new GuestImage(Path.of("/c/vmlinux"), Path.of("/c/initrd"),
                        Path.of("/c/root"), "6.1", "test", Path.of("/c"))).agentSocket(Path.of("/v/a.sock"))
                .qmpSocket(Path.of("/v/q.sock")).consoleLog(Path.of("/v/console.log")).build();
        String xml = DomainXml.of(m, QEMU);
        validate(xml);
        agree(m, xml);
    }

    /** What the guest sees must be the same in QEMU's argument list and in the XML. */
    private static void agree(MachineSpec m, String xml) throws Exception {
        List<String> argv = QemuCommand.of(m, QEMU);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        XPath x = XPathFactory.newInstance().newXPath();
        assertEquals(argv.get(0), x.evaluate("/domain/devices/emulator", doc));
        assertEquals(arg(argv, "-name"), "guest=" + x.evaluate("/domain/name", doc).replace(",", ",,")
                + ",debug-threads=on");
        assertEquals(arg(argv, "-m"), x.evaluate("/domain/memory", doc) + "M");
        assertEquals("MiB", x.evaluate("/domain/memory/@unit", doc));
        assertEquals(arg(argv, "-smp"), x.evaluate("/domain/vcpu", doc));
        assertEquals(arg(argv, "-accel"), Map.of("kvm", "kvm", "qemu", "tcg").get(x.evaluate("/domain/@type", doc)));
        assertEquals(arg(argv, "-machine"), x.evaluate("/domain/os/type/@machine", doc));
        String cpu = x.evaluate("/domain/cpu/@mode", doc).equals("host-passthrough") ? "host"
                : x.evaluate("/domain/cpu/model", doc);
        assertEquals(arg(argv, "-cpu"), cpu);
        assertEquals(arg(argv, "-kernel"), x.evaluate("/domain/os/kernel", doc));
        assertEquals(arg(argv, "-initrd"), x.evaluate("/domain/os/initrd", doc));
        assertEquals(arg(argv, "-append"), x.evaluate("/domain/os/cmdline", doc));

        List<Map<String, String>> drives = opts(argv, "-drive");
        assertEquals(drives.size(), Integer.parseInt(x.evaluate("count(/domain/devices/disk)", doc)));
        for (int i = 0; i < drives.size(); i++) {
            Map<String, String> d = drives.get(i);
            String disk = "/domain/devices/disk[" + (i + 1) + "]";
            assertEquals(d.get("file"), x.evaluate(disk + "/source/@file", doc));
            assertEquals(d.get("format"), x.evaluate(disk + "/driver/@type", doc));
            assertEquals(d.getOrDefault("cache", ""), x.evaluate(disk + "/driver/@cache", doc));
            assertEquals(d.getOrDefault("aio", ""), x.evaluate(disk + "/driver/@io", doc));
            assertEquals("on".equals(d.get("readonly")), (Boolean) x.evaluate(disk + "/readonly",
                    doc, javax.xml.xpath.XPathConstants.BOOLEAN));
            String serial = x.evaluate(disk + "/serial", doc);
            assertTrue(opts(argv, "-device").stream().anyMatch(dev -> d.get("id").equals(dev.get("drive"))
                    && serial.equals(dev.get("serial"))), "serial of " + d);
        }

        Map<String, String> console = opts(argv, "-chardev").stream().filter(c -> "console".equals(c.get("id")))
                .findFirst().orElseThrow();
        assertEquals(console.get("path"), x.evaluate("/domain/devices/serial/source/@path", doc));
        Map<String, String> agent = opts(argv, "-chardev").stream().filter(c -> "agent".equals(c.get("id")))
                .findFirst().orElseThrow();
        assertEquals(agent.get("path"), x.evaluate("/domain/devices/channel/source/@path", doc));
        Map<String, String> port = opts(argv, "-device").stream().filter(d -> d.containsKey("virtserialport"))
                .findFirst().orElseThrow();
        assertEquals(port.get("name"), x.evaluate("/domain/devices/channel/target/@name", doc));
        assertEquals(arg(argv, "-nic").startsWith("user"),
                x.evaluate("/domain/devices/interface/@type", doc).equals("user"));
    }

    private static String arg(List<String> argv, String option) {
        int i = argv.indexOf(option);
        assertTrue(i >= 0 && i + 1 < argv.size(), option + " in " + argv);
        return argv.get(i + 1);
    }

    /** Every value of option, read as QEMU reads "key=value,key=value": ",," is a literal comma. */
    private static List<Map<String, String>> opts(List<String> argv, String option) {
        List<Map<String, String>> all = new ArrayList<>();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(option)) {
                all.add(parseOpts(argv.get(i + 1)));
            }
        }
        return all;
    }

    private static Map<String, String> parseOpts(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i <= s.length(); i++) {
            if (i < s.length() && s.charAt(i) == ',' && i + 1 < s.length() && s.charAt(i + 1) == ',') {
                part.append(',');
                i++;
            } else if (i == s.length() || s.charAt(i) == ',') {
                String p = part.toString();
                int eq = p.indexOf('=');
                m.put(eq < 0 ? p : p.substring(0, eq), eq < 0 ? "" : p.substring(eq + 1));
                part.setLength(0);
            } else {
                part.append(s.charAt(i));
            }
        }
        return m;
    }

    private void validate(String xml) throws Exception {
        VirtXmlValidate.domain(tmp, xml);
    }
}
