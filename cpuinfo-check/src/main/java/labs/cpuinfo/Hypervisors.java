package labs.cpuinfo;

import java.util.Locale;

/** Names the hypervisor behind DMI strings (the firmware tables a VM's virtual BIOS fills in). */
final class Hypervisors {
    private Hypervisors() {}

    /** The hypervisor's name, or null when the vendor/product look like real hardware. */
    static String fromDmi(String vendor, String product) {
        String v = (vendor == null ? "" : vendor).toLowerCase(Locale.ROOT);
        String p = (product == null ? "" : product).toLowerCase(Locale.ROOT);
        if (v.contains("qemu") || p.contains("kvm") || v.contains("kvm")) {
            return "QEMU/KVM";
        }
        if (v.contains("vmware")) {
            return "VMware";
        }
        if (v.contains("innotek") || p.contains("virtualbox")) {
            return "VirtualBox";
        }
        if (v.contains("microsoft") && p.contains("virtual")) {
            return "Hyper-V";
        }
        if (v.contains("xen") || p.contains("hvm domu")) {
            return "Xen";
        }
        if (v.contains("amazon ec2")) {
            return "AWS EC2 (Nitro, KVM-based)";
        }
        if (v.contains("google") && p.contains("compute engine")) {
            return "Google Compute Engine (KVM-based)";
        }
        if (v.contains("parallels")) {
            return "Parallels";
        }
        if (p.contains("bhyve") || v.contains("bhyve")) {
            return "bhyve";
        }
        if (v.contains("openstack") || p.contains("openstack")) {
            return "OpenStack (usually KVM)";
        }
        if (v.contains("apple") && p.contains("virtual")) {
            return "Apple Virtualization.framework";
        }
        return null;
    }
}
