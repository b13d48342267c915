package labs.launcher.libvirt;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import labs.common.LabsException;
import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;
import labs.launcher.MachineSpec;
import labs.launcher.vm.DomainXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The domain labs defines in libvirt: {@link DomainXml#of} of the same {@link MachineSpec} the built-in launcher
 * boots, with the few devices a libvirt host names for itself:
 * <ul>
 *   <li>the agent's virtio-serial channel has no socket path: libvirt makes one per running domain
 *       (/var/lib/libvirt/qemu/channel/target/domain-ID-NAME/labs.agent), so a clone never shares its source's, and
 *       virt-clone leaves it so;</li>
 *   <li>the console is a pty (`virsh console NAME`), not a file a clone would share;</li>
 *   <li>the root file system is the VM's own small qcow2 overlay on the shared read-only image, not the image itself:
 *       `virsh undefine --remove-all-storage` deletes every disk of a domain (read-only ones too, and virt-clone
 *       shares read-only disks between the clones), so a shared disk would be deleted under every other VM;</li>
 *   <li>a {@code <metadata>} element marks the domain as made by labs: a domain without it is left alone.</li>
 * </ul>
 */
public final class LibvirtDomainXml {
    /** The namespace of labs' metadata element (libvirt keeps foreign metadata as it is, and virt-clone copies it). */
    public static final String NS = "https://labs.invalid/libvirt/vm/1";
    private LibvirtDomainXml() {}

    /**
     * @param m        the machine; its QMP socket, console log and agent socket paths are not used (libvirt
     *                 owns the monitor and names the other two)
     * @param rootBase the read-only root file system image the machine's root disk overlay reads from
     */
    public static String of(MachineSpec m, Path emulator, Path rootBase) {
        Document doc = parse(DomainXml.of(m, emulator));
        Element domain = doc.getDocumentElement();
        Element meta = doc.createElement("metadata");
        Element mark = doc.createElementNS(NS, "labs:vm");
        meta.appendChild(mark);
        domain.insertBefore(meta, first(domain, "memory"));
        Element devices = first(domain, "devices");
        rootOverlay(doc, devices, rootBase);
        Element serial = first(devices, "serial");
        Element pty = doc.createElement("serial");
        pty.setAttribute("type", "pty");
        ((Element) pty.appendChild(doc.createElement("target"))).setAttribute("port", "0");
        devices.replaceChild(pty, serial);
        Element console = doc.createElement("console");
        console.setAttribute("type", "pty");
        devices.insertBefore(console, pty.getNextSibling());
        ((Element) first(devices, "channel").getElementsByTagName("source").item(0)).removeAttribute("path");
        return DomainXml.serialize(doc);
    }

    /**
     * The same domain with its serial console also written to log (libvirt's virtlogd writes it, as QEMU's file
     * console does for the built-in launcher): what a lab keeps and watches for a guest that stalls.
     */
    public static String withConsoleLog(String xml, Path log) {
        Document doc = parse(xml);
        Element serial = first(first(doc.getDocumentElement(), "devices"), "serial");
        Element entry = doc.createElement("log");
        entry.setAttribute("file", log.toString());
        entry.setAttribute("append", "off");
        serial.insertBefore(entry, serial.getFirstChild());
        return DomainXml.serialize(doc);
    }

    private static void rootOverlay(Document doc, Element devices, Path rootBase) {
        Element root = (Element) devices.getElementsByTagName("disk").item(0);
        ((Element) root.getElementsByTagName("driver").item(0)).setAttribute("type", "qcow2");
        root.removeChild(root.getElementsByTagName("readonly").item(0));
        Element backing = doc.createElement("backingStore");
        backing.setAttribute("type", "file");
        ((Element) backing.appendChild(doc.createElement("format"))).setAttribute("type", "raw");
        ((Element) backing.appendChild(doc.createElement("source"))).setAttribute("file", rootBase.toString());
        root.insertBefore(backing, root.getElementsByTagName("target").item(0));
    }

    static Element first(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** A domain XML document, namespace-aware (the metadata mark is found by its namespace, not its prefix). */
    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw LabsException.failed(Msg.get(LauncherText.LV_XML_UNREADABLE), e.getMessage(), e);
        }
    }
}
