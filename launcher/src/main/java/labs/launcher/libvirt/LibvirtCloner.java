package labs.launcher.libvirt;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import labs.common.LabsException;
import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;
import labs.common.Progress;
import labs.launcher.AccelChoice;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.MachineSpec;
import labs.launcher.vm.DiskTool;
import labs.launcher.vm.DomainXml;
import labs.launcher.vm.VmDefinition;
import labs.launcher.vm.VmDisk;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * `labs vm clone --connect`: what virt-clone does, on labs' own terms: the source's definition under a new name and
 * UUID, its data disk copied whole (qemu-img convert), a new root overlay on the same shared image, and the guest's
 * host name changed on the kernel command line. Through libvirt a clone is always a full copy: a linked clone
 * would make the source's disk a base that `virsh undefine --remove-all-storage` on the source deletes.
 */
record LibvirtCloner(Virsh virsh, LibvirtStorage storage, LibvirtDomains domains, Progress out) {

    VmDefinition cloneVm(String src, String dst, boolean full) {
        Document doc = LibvirtDomainXml.parse(virsh.run("dumpxml", "--inactive", src));
        LabsDomain d = LabsDomain.of(virsh.run("dumpxml", "--inactive", src));
        Element root = disk(doc, "root");
        Element data = disk(doc, "data");
        if (root == null || data == null || d.dataDisk() == null) {
            throw new LabsException(Msg.get(LauncherText.LV_CLONE_NO_DISK, src), Msg.get(LauncherText.LV_DEFINITION_CHANGED),
                    Msg.get(LauncherText.LV_CLONE_NO_DISK_FIX, "virt-clone -o " + src + " -n " + dst + " --auto-clone"));
        }
        Path base = Path.of(((Element) root.getElementsByTagName("backingStore").item(0))
                .getElementsByTagName("source").item(0).getAttributes().getNamedItem("file").getNodeValue());
        out.progress("%s", Msg.get(full ? LauncherText.LV_FULL_CLONE : LauncherText.LV_FULL_CLONE_ONLY, src, dst));
        UUID uuid = UUID.randomUUID();
        String ext = d.dataFormat() == DiskFormat.RAW ? "raw" : "qcow2";
        try (NewDomain undo = new NewDomain(storage, virsh)) {
            Path newRoot = undo.volume(dst + "-root.qcow2", p -> DiskTool.linkedClone(base, DiskFormat.RAW, p));
            Path newData = undo.volume(dst + "-data." + ext, p -> DiskTool.fullCopy(d.dataDisk(), d.dataFormat(), p));
            source(root).setAttribute("file", newRoot.toString());
            source(data).setAttribute("file", newData.toString());
            Element domain = doc.getDocumentElement();
            LibvirtDomainXml.first(domain, "name").setTextContent(dst);
            LibvirtDomainXml.first(domain, "uuid").setTextContent(uuid.toString());
            Element cmdline = LibvirtDomainXml.first(LibvirtDomainXml.first(domain, "os"), "cmdline");
            cmdline.setTextContent(cmdline.getTextContent().replaceAll("labs\\.hostname=\\S*",
                    "labs.hostname=" + MachineSpec.hostname(dst)));
            undo.define(uuid, DomainXml.serialize(doc));
            return new VmDefinition(dst, uuid, d.vcpus(), List.of(), d.memoryMiB(),
                    VmDisk.standalone(newData, d.dataFormat(), 0, CacheMode.NONE), null, null, AccelChoice.AUTO,
                    false, OffsetDateTime.now().toString());
        }
    }

    private static Element disk(Document doc, String serial) {
        NodeList disks = doc.getElementsByTagName("disk");
        for (int i = 0; i < disks.getLength(); i++) {
            Element e = (Element) disks.item(i);
            Element s = LibvirtDomainXml.first(e, "serial");
            if (s != null && s.getTextContent().strip().equals(serial)) {
                return e;
            }
        }
        return null;
    }

    private static Element source(Element disk) {
        return LibvirtDomainXml.first(disk, "source");
    }
}
