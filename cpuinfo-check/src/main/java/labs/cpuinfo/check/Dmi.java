package labs.cpuinfo.check;

/**
 * The firmware's (DMI/SMBIOS) system vendor and product: a VM's virtual BIOS names its hypervisor there
 * ("QEMU" / "Standard PC (Q35 + ICH9, 2009)", "VMware, Inc." ...). Empty strings when the machine has no DMI.
 */
public record Dmi(String vendor, String product) {
    public boolean isEmpty() { return vendor.isBlank() && product.isBlank(); }

    /** Platform code behind the concept: OSHI on the live machine, /sys/class/dmi/id in a dump. */
    public interface Source {
        Dmi read(Host host);
    }

    /**
     * Live: through OSHI's ComputerSystem (sysfs, or dmidecode as root where sysfs lacks it). A machine whose
     * kernel shows no DMI tables at all (no /sys/firmware/dmi, no /sys/class/dmi) has nothing for OSHI to find, and
     * OSHI would try dmidecode and lshw in vain (~10 ms of vt-check's start-up); it is not asked there.
     */
    public static Source oshi() {
        return host -> {
            if (!host.exists("/sys/firmware/dmi") && !host.exists("/sys/class/dmi")) {
                return new Dmi("", "");
            }
            var cs = new oshi.SystemInfo().getHardware().getComputerSystem();
            return new Dmi(clean(cs.getManufacturer()), clean(cs.getModel()));
        };
    }

    /** A dump (or a live machine without OSHI): the sysfs files lscpu reads. */
    public static Source sysfs() {
        return host -> new Dmi(host.read("/sys/class/dmi/id/sys_vendor"), host.read("/sys/class/dmi/id/product_name"));
    }

    private static String clean(String s) {
        return s == null || s.equalsIgnoreCase("unknown") ? "" : s.strip();
    }
}
