package labs.cli.vm;

import labs.common.Packages;
import labs.common.Ui;
import labs.lab.HostAccelProbe;
import labs.launcher.BootPolicy;
import labs.launcher.Launcher;
import labs.launcher.VmEngine;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.libvirt.LibvirtEngine;
import labs.launcher.libvirt.LibvirtUri;
import picocli.CommandLine.Option;

/**
 * {@code --connect URI} (default $LABS_CONNECT), on every `labs vm` command that libvirt can do: with it the VMs are
 * libvirt domains (virsh -c URI sees them); without it, the built-in launcher runs them.
 */
public final class ConnectOption {
    @Option(names = {"-c", "--connect"}, paramLabel = "URI", defaultValue = "${env:LABS_CONNECT}",
            description = "Run the VMs through libvirt at URI (qemu:///system, qemu:///session or "
                    + "qemu+ssh://USER@HOST/system), as virsh -c "
                    + "does; default: $LABS_CONNECT, else labs' own launcher.")
    String uri;

    public boolean libvirt() { return uri != null && !uri.isBlank(); }

    /** The URI, checked (exit 2 for one labs cannot drive); only when {@link #libvirt()}. */
    public LibvirtUri parsed() { return LibvirtUri.parse(uri.strip()); }

    /** The engine the command runs on: checked URI and virsh first, so a bad URI makes nothing. */
    VmEngine open() {
        if (!libvirt()) {
            return Launcher.openDefault(HostAccelProbe.INSTANCE);
        }
        LibvirtUri parsed = parsed();
        Packages.ensure("labs vm --connect", labs.lab.Needs.VM_LIBVIRT);
        return new LibvirtEngine(parsed, new GuestImageBuilder(GuestImageBuilder.defaultCacheRoot()),
                HostAccelProbe.INSTANCE, BootPolicy.standard(), Ui.TERMINAL);
    }

    /** " --connect URI" to append to a suggested command, or "". */
    String suffix() { return libvirt() ? " --connect " + uri.strip() : ""; }

    /** For commands libvirt cannot do yet: exit 2 rather than silently using the built-in launcher. */
    void refuse(String command) {
        if (libvirt()) {
            throw labs.common.LabsException.usage(labs.common.i18n.Msg.get(labs.common.i18n.VmText.NO_LIBVIRT_YET,
                    command, uri, "$" + LibvirtUri.ENV), labs.common.i18n.Msg.get(
                    labs.common.i18n.VmText.NO_LIBVIRT_YET_FIX, uri.strip(), LibvirtUri.ENV));
        }
    }
}
