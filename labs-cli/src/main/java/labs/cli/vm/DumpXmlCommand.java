package labs.cli.vm;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labs vm dumpxml NAME}: virsh dumpxml. */
@Command(name = "dumpxml", mixinStandardHelpOptions = true,
        description = {"Print a VM's definition as libvirt domain XML (virsh dumpxml).", "",
            "Print the VM's definition as libvirt domain XML, the form `virsh define` accepts: domain type " +
            "(qemu = TCG, kvm), direct kernel boot (kernel, initrd, cmdline), vcpu with cpuset, memory, the virtio " +
            "disks (driver type raw/qcow2, cache mode, backing file of a linked clone), the agent's virtio-serial " +
            "channel, and an <interface> only when the VM has a network.", ""},
        footer = {"", "virsh equivalent: virsh dumpxml NAME      check it: virt-xml-validate FILE domain"})
final class DumpXmlCommand implements Runnable {
    @Mixin
    ConnectOption connect;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public void run() {
        System.out.print(connect.open().dumpXml(name));
    }
}
