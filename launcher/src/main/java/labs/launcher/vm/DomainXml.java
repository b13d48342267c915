package labs.launcher.vm;

import java.io.StringWriter;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import labs.launcher.Accelerator;
import labs.launcher.MachineSpec;
import labs.launcher.guest.GuestImageBuilder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * `virsh dumpxml`: a VM's definition as the libvirt domain XML that `virsh define` would accept, so students can
 * compare our launcher's VM with what virt-install makes. Rendered from the same {@link MachineSpec} as QEMU's
 * arguments, so it shows what is booted. Written with the JDK's DOM, so names and paths are
 * escaped correctly whatever they contain.
 */
public final class DomainXml {
    private DomainXml() {}

    /**
     * The domain of one machine, a function of its spec alone (the QEMU argument list comes from the same spec).
     * libvirt keeps the QMP monitor to itself, so the spec's QMP socket has no element here.
     */
    public static String of(MachineSpec m, Path emulator) {
        Document doc = newDocument();
        Element domain = doc.createElement("domain");
        domain.setAttribute("type", m.accelerator() == Accelerator.KVM ? "kvm" : "qemu");
        doc.appendChild(domain);
        text(doc, domain, "name", m.name());
        if (m.uuid() != null) {
            text(doc, domain, "uuid", m.uuid().toString());
        }
        Element mem = text(doc, domain, "memory", Integer.toString(m.memoryMiB()));
        mem.setAttribute("unit", "MiB");
        Element vcpu = text(doc, domain, "vcpu", Integer.toString(m.vcpus()));
        vcpu.setAttribute("placement", "static");
        if (!m.cpuset().isEmpty()) {
            vcpu.setAttribute("cpuset", m.cpusetText());
        }
        os(doc, domain, m);
        cpu(doc, domain, m.cpuModel());
        text(doc, domain, "on_poweroff", "destroy");
        text(doc, domain, "on_reboot", "destroy");
        text(doc, domain, "on_crash", "destroy");
        devices(doc, domain, m, emulator);
        return serialize(doc);
    }

    private static void os(Document doc, Element domain, MachineSpec m) {
        Element os = child(doc, domain, "os");
        Element type = text(doc, os, "type", "hvm");
        type.setAttribute("arch", "x86_64");
        type.setAttribute("machine", m.machineType());
        text(doc, os, "kernel", m.kernel().toString());
        text(doc, os, "initrd", m.initrd().toString());
        text(doc, os, "cmdline", m.kernelCmdline());
    }

    /** QEMU's -cpu: "host" is libvirt's host-passthrough, a named model is a custom one. */
    private static void cpu(Document doc, Element domain, String model) {
        Element cpu = child(doc, domain, "cpu");
        if (model.equals("host")) {
            cpu.setAttribute("mode", "host-passthrough");
            return;
        }
        cpu.setAttribute("mode", "custom");
        cpu.setAttribute("match", "exact");
        text(doc, cpu, "model", model).setAttribute("fallback", "forbid");
    }

    private static void devices(Document doc, Element domain, MachineSpec m, Path emulator) {
        Element devices = child(doc, domain, "devices");
        text(doc, devices, "emulator", emulator.toString());
        Element root = disk(doc, devices, "raw", null, null, m.rootDisk(), "vda", "root");
        child(doc, root, "readonly");
        MachineSpec.DataDisk d = m.dataDisk();
        if (d != null) {
            Element data = disk(doc, devices, d.format().qemuName(), d.cache().qemuName(), d.aio(), d.file(), "vdb",
                    "data");
            if (d.backingFile() != null) {
                Element backing = child(doc, data, "backingStore");
                backing.setAttribute("type", "file");
                child(doc, backing, "format").setAttribute("type", d.backingFormat().qemuName());
                child(doc, backing, "source").setAttribute("file", d.backingFile().toString());
            }
        }
        if (m.network()) {
            Element nic = child(doc, devices, "interface");
            nic.setAttribute("type", "user");
            child(doc, nic, "model").setAttribute("type", "virtio");
        }
        Element ctl = child(doc, devices, "controller");
        ctl.setAttribute("type", "virtio-serial");
        ctl.setAttribute("index", "0");
        Element serial = child(doc, devices, "serial");
        serial.setAttribute("type", "file");
        child(doc, serial, "source").setAttribute("path", m.consoleLog().toString());
        child(doc, serial, "target").setAttribute("port", "0");
        Element channel = child(doc, devices, "channel");
        channel.setAttribute("type", "unix");
        Element src = child(doc, channel, "source");
        src.setAttribute("mode", "bind");
        src.setAttribute("path", m.agentSocket().toString());
        Element target = child(doc, channel, "target");
        target.setAttribute("type", "virtio");
        target.setAttribute("name", GuestImageBuilder.AGENT_PORT);
        child(doc, devices, "memballoon").setAttribute("model", "none");
    }

    private static Element disk(Document doc, Element devices, String format, String cache, String io, Path file,
                                String dev, String serial) {
        Element disk = child(doc, devices, "disk");
        disk.setAttribute("type", "file");
        disk.setAttribute("device", "disk");
        Element driver = child(doc, disk, "driver");
        driver.setAttribute("name", "qemu");
        driver.setAttribute("type", format);
        if (cache != null) {
            driver.setAttribute("cache", cache);
        }
        if (io != null) {
            driver.setAttribute("io", io);
        }
        child(doc, disk, "source").setAttribute("file", file.toString());
        Element target = child(doc, disk, "target");
        target.setAttribute("dev", dev);
        target.setAttribute("bus", "virtio");
        text(doc, disk, "serial", serial);
        return disk;
    }

    private static Element child(Document doc, Element parent, String name) {
        Element e = doc.createElement(name);
        parent.appendChild(e);
        return e;
    }

    private static Element text(Document doc, Element parent, String name, String value) {
        Element e = child(doc, parent, name);
        e.setTextContent(value);
        return e;
    }

    private static Document newDocument() {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML support is missing", e);
        }
    }

    /** The document as text, indented as virsh prints it (the libvirt back end writes its edits back with this). */
    public static String serialize(Document doc) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString().strip() + "\n";
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write XML", e);
        }
    }
}
