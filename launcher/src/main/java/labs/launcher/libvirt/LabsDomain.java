package labs.launcher.libvirt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import labs.launcher.Accelerator;
import labs.launcher.DiskFormat;
import labs.launcher.guest.GuestImageBuilder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What labs reads back from a domain's XML as libvirt prints it (`virsh dumpxml`): whether labs made it (its
 * metadata mark), its size, its disks and, while it runs, the agent channel's socket.
 *
 * @param disks       every disk's source file, in order (root first, then data)
 * @param dataDisk    the data disk (serial "data"), or null
 * @param agentSocket the socket libvirt made for the agent channel; null while shut off
 */
public record LabsDomain(String name, boolean labs, Accelerator accelerator, int vcpus, String cpuset, int memoryMiB,
                         List<Path> disks, Path dataDisk, DiskFormat dataFormat, Path agentSocket) {

    public static LabsDomain of(String xml) {
        Document doc = LibvirtDomainXml.parse(xml);
        Element d = doc.getDocumentElement();
        boolean labs = doc.getElementsByTagNameNS(LibvirtDomainXml.NS, "vm").getLength() > 0;
        Element vcpu = LibvirtDomainXml.first(d, "vcpu");
        List<Path> disks = new ArrayList<>();
        Path data = null;
        DiskFormat format = null;
        NodeList list = d.getElementsByTagName("disk");
        for (int i = 0; i < list.getLength(); i++) {
            Element disk = (Element) list.item(i);
            Element source = LibvirtDomainXml.first(disk, "source");
            if (source == null || source.getAttribute("file").isEmpty()) {
                continue;
            }
            Path file = Path.of(source.getAttribute("file"));
            disks.add(file);
            Element serial = LibvirtDomainXml.first(disk, "serial");
            if (serial != null && serial.getTextContent().strip().equals("data")) {
                data = file;
                format = formatOf(LibvirtDomainXml.first(disk, "driver"));
            }
        }
        return new LabsDomain(text(d, "name"), labs,
                d.getAttribute("type").equals("kvm") ? Accelerator.KVM : Accelerator.TCG,
                vcpu == null ? 0 : Integer.parseInt(vcpu.getTextContent().strip()),
                vcpu == null ? "" : vcpu.getAttribute("cpuset"), memoryMiB(LibvirtDomainXml.first(d, "memory")),
                List.copyOf(disks), data, format, agentSocket(d));
    }

    private static DiskFormat formatOf(Element driver) {
        return driver != null && driver.getAttribute("type").equals("raw") ? DiskFormat.RAW : DiskFormat.QCOW2;
    }

    private static Path agentSocket(Element d) {
        NodeList channels = d.getElementsByTagName("channel");
        for (int i = 0; i < channels.getLength(); i++) {
            Element ch = (Element) channels.item(i);
            Element target = LibvirtDomainXml.first(ch, "target");
            Element source = LibvirtDomainXml.first(ch, "source");
            if (target != null && GuestImageBuilder.AGENT_PORT.equals(target.getAttribute("name")) && source != null
                    && !source.getAttribute("path").isEmpty()) {
                return Path.of(source.getAttribute("path"));
            }
        }
        return null;
    }

    /** libvirt prints memory in KiB whatever unit it was defined in. */
    static int memoryMiB(Element memory) {
        if (memory == null) {
            return 0;
        }
        long value = Long.parseLong(memory.getTextContent().strip());
        String unit = memory.getAttribute("unit").isEmpty() ? "KiB" : memory.getAttribute("unit");
        long mib = switch (unit) {
            case "b", "bytes" -> value >> 20;
            case "M", "MiB" -> value;
            case "G", "GiB" -> value << 10;
            default -> value >> 10;
        };
        return (int) mib;
    }

    private static String text(Element parent, String name) {
        Element e = LibvirtDomainXml.first(parent, name);
        return e == null ? "" : e.getTextContent().strip();
    }
}
