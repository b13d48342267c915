package labs.launcher.libvirt;

import java.nio.file.Path;
import labs.common.ExecResult;
import labs.common.LabsException;
import labs.launcher.Accelerator;
import labs.launcher.MachineSpec;
import org.w3c.dom.NodeList;

/**
 * The QEMU the libvirt host itself would run for labs' machine (x86-64, q35, under TCG or KVM), from its domain
 * capabilities: the emulator named in the domain is the host's, and a host without one is refused before anything
 * is made there.
 */
final class LibvirtEmulator {
    private LibvirtEmulator() {}

    static Path of(Virsh virsh, Accelerator accel) {
        String type = accel == Accelerator.KVM ? "kvm" : "qemu";
        ExecResult r = virsh.tryRun("domcapabilities", "--virttype", type, "--arch", "x86_64", "--machine",
                MachineSpec.MACHINE_TYPE);
        Path p = r.ok() ? path(r.stdout()) : null;
        if (p == null) {
            throw new LabsException("libvirt at " + virsh.uri().text() + " has no QEMU that runs x86-64 "
                    + MachineSpec.MACHINE_TYPE + " guests under " + accel.qemuName(),
                    r.ok() ? "its domain capabilities name no emulator" : Virsh.errorText(r),
                    "install QEMU where libvirt runs: sudo apt-get install qemu-system-x86, then restart its daemon"
                            + " (sudo systemctl restart libvirtd)");
        }
        return p;
    }

    /** The {@code <path>} of `virsh domcapabilities`, or null. */
    static Path path(String domcapabilities) {
        NodeList paths = LibvirtDomainXml.parse(domcapabilities).getDocumentElement().getElementsByTagName("path");
        return paths.getLength() == 0 ? null : Path.of(paths.item(0).getTextContent().strip());
    }
}
