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
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * `virsh dumpxml`: a VM's definition as the libvirt domain XML that `virsh define` would accept, so students can
 * compare our launcher's VM with what virt-install makes. Written with the JDK's DOM, so names and paths are
 * escaped correctly whatever they contain.
 */
public final class DomainXml {
    /** Where the running VM's sockets and logs are (or would be). */
    public record Paths(Path emulator, Path agentSocket, String agentPortName, Path consoleLog) {}

    private DomainXml() {}

    public static String of(VmDefinition def, Accelerator accel, Paths paths) {
        Document doc = newDocument();
        Element domain = doc.createElement("domain");
        domain.setAttribute("type", accel == Accelerator.KVM ? "kvm" : "qemu");
        doc.appendChild(domain);
        text(doc, domain, "name", def.name());
        text(doc, domain, "uuid", def.uuid().toString());
        Element mem = text(doc, domain, "memory", Integer.toString(def.memoryMiB()));
        mem.setAttribute("unit", "MiB");
        Element vcpu = text(doc, domain, "vcpu", Integer.toString(def.vcpus()));
        vcpu.setAttribute("placement", "static");
        if (!def.cpuset().isEmpty()) {
            vcpu.setAttribute("cpuset", def.cpusetText());
        }

        ImageRef img = def.image();
        Element os = child(doc, domain, "os");
        Element type = text(doc, os, "type", "hvm");
        type.setAttribute("arch", "x86_64");
        if (img != null && img.machine() != null) {
            type.setAttribute("machine", img.machine());
        }
        if (img != null) {
            text(doc, os, "kernel", img.kernel().toString());
            text(doc, os, "initrd", img.initrd().toString());
            if (img.cmdline() != null) {
                text(doc, os, "cmdline", img.cmdline());
            }
        }
        text(doc, domain, "on_poweroff", "destroy");
        text(doc, domain, "on_reboot", "destroy");
        text(doc, domain, "on_crash", "destroy");

        Element devices = child(doc, domain, "devices");
        text(doc, devices, "emulator", paths.emulator().toString());
        if (img != null) {
            Element root = disk(doc, devices, "raw", null, img.rootDisk(), "vda", "root");
            child(doc, root, "readonly");
        }
        VmDisk d = def.disk();
        Element data = disk(doc, devices, d.format().qemuName(), d.cache().qemuName(), d.path(), "vdb", "data");
        if (d.linked()) {
            Element backing = child(doc, data, "backingStore");
            backing.setAttribute("type", "file");
            child(doc, backing, "format").setAttribute("type", d.backingFormat().qemuName());
            child(doc, backing, "source").setAttribute("file", d.backingFile().toString());
        }
        if (def.network()) {
            Element nic = child(doc, devices, "interface");
            nic.setAttribute("type", "user");
            child(doc, nic, "model").setAttribute("type", "virtio");
        }
        Element ctl = child(doc, devices, "controller");
        ctl.setAttribute("type", "virtio-serial");
        ctl.setAttribute("index", "0");
        Element serial = child(doc, devices, "serial");
        serial.setAttribute("type", "file");
        child(doc, serial, "source").setAttribute("path", paths.consoleLog().toString());
        child(doc, serial, "target").setAttribute("port", "0");
        Element channel = child(doc, devices, "channel");
        channel.setAttribute("type", "unix");
        Element src = child(doc, channel, "source");
        src.setAttribute("mode", "bind");
        src.setAttribute("path", paths.agentSocket().toString());
        Element target = child(doc, channel, "target");
        target.setAttribute("type", "virtio");
        target.setAttribute("name", paths.agentPortName());
        child(doc, devices, "memballoon").setAttribute("model", "none");
        return serialize(doc);
    }

    private static Element disk(Document doc, Element devices, String format, String cache, Path file, String dev,
                                String serial) {
        Element disk = child(doc, devices, "disk");
        disk.setAttribute("type", "file");
        disk.setAttribute("device", "disk");
        Element driver = child(doc, disk, "driver");
        driver.setAttribute("name", "qemu");
        driver.setAttribute("type", format);
        if (cache != null) {
            driver.setAttribute("cache", cache);
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

    private static String serialize(Document doc) {
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
