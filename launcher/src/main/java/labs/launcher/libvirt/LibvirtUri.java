package labs.launcher.libvirt;

import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;
import labs.common.i18n.VmText;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.launcher.remote.SshHost;

/**
 * A libvirt connection URI labs can drive, checked before anything is made: QEMU on this machine, the system daemon
 * (qemu:///system) or the user's session daemon (qemu:///session). It also says where a VM's files go there.
 *
 * <p>Why those folders: qemu:///system runs QEMU as libvirt-qemu (Debian), which cannot enter root's home, so
 * labs copies the guest image to {@code /var/lib/libvirt/labs/base} and keeps each VM's disks in a libvirt storage
 * pool named {@value #POOL} under {@code /var/lib/libvirt/images/labs}; libvirt then gives the files to
 * libvirt-qemu while the VM runs (dynamic ownership). A session daemon runs QEMU as the user, under
 * ~/.local/share/libvirt. Root's session is served by the system daemon, so root uses the system folders for both.
 */
public record LibvirtUri(String text, boolean system, SshHost ssh) {
    /** The query parameters of a qemu+ssh URI labs passes on (libvirt's meaning, and the same ssh options). */
    static final java.util.Set<String> SSH_PARAMS = java.util.Set.of("keyfile", "known_hosts", "no_verify", "no_tty");

    public static final String POOL = "labs";
    /** The environment variable that gives --connect's default, as LIBVIRT_DEFAULT_URI does for virsh. */
    public static final String ENV = "LABS_CONNECT";

    public static LibvirtUri parse(String text) {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw LabsException.usage(Msg.get(VmText.URI_NOT_URI, text, e.getReason()), Msg.get(VmText.URI_NOT_URI_FIX));
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme();
        String path = u.getPath() == null ? "" : u.getPath();
        if (scheme.equals("qemu+ssh")) {
            return remote(text, u, path);
        }
        if (scheme.startsWith("qemu+") || (scheme.equals("qemu") && u.getHost() != null)) {
            throw LabsException.usage(Msg.get(VmText.URI_TRANSPORT, text), Msg.get(VmText.URI_TRANSPORT_FIX));
        }
        if (!scheme.equals("qemu") || !(path.equals("/system") || path.equals("/session")) || !socketOnly(u.getQuery())) {
            throw LabsException.usage(Msg.get(VmText.URI_NOT_QEMU, text), Msg.get(VmText.URI_NOT_QEMU_FIX));
        }
        return new LibvirtUri(text, path.equals("/system"), null);
    }

    /** qemu+ssh://[USER@]HOST[:PORT]/system[?keyfile=..&known_hosts=..&no_verify=1]: the host's system daemon. */
    private static LibvirtUri remote(String text, URI u, String path) {
        if (!path.equals("/system")) {
            throw LabsException.usage(Msg.get(VmText.URI_NOT_SYSTEM, text), Msg.get(VmText.URI_NOT_SYSTEM_FIX));
        }
        java.util.Map<String, String> query = new java.util.LinkedHashMap<>();
        for (String kv : u.getRawQuery() == null ? new String[0] : u.getRawQuery().split("&")) {
            int eq = kv.indexOf('=');
            String key = eq < 0 ? kv : kv.substring(0, eq);
            if (!SSH_PARAMS.contains(key)) {
                throw LabsException.usage(Msg.get(LauncherText.URI_PARAM, text, key),
                        Msg.get(LauncherText.URI_PARAM_FIX, String.valueOf(new java.util.TreeSet<>(SSH_PARAMS))));
            }
            query.put(key, java.net.URLDecoder.decode(eq < 0 ? "" : kv.substring(eq + 1),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return new LibvirtUri(text, true, SshHost.of(u.getUserInfo(), u.getHost(), u.getPort(), query));
    }

    /** A libvirt host reached over ssh: its files are not on this machine. */
    public boolean remote() { return ssh != null; }

    /**
     * The one query labs passes on: {@code ?socket=PATH}, the daemon's socket when it is not at its usual place (a
     * daemon started for tests, or one in a container).
     */
    private static boolean socketOnly(String query) {
        return query == null || (query.startsWith("socket=/") && !query.contains("&"));
    }

    /** True when libvirt runs QEMU as another user (libvirt-qemu): the files must live where that user can read. */
    public boolean systemFolders() { return system || HostRunner.isRoot(); }

    /** The storage pool's folder: each VM's data disk and root overlay. */
    public Path poolDir() {
        return systemFolders() ? Path.of("/var/lib/libvirt/images/labs") : userLibvirtDir().resolve("images/labs");
    }

    /** Where the guest image (kernel, initramfs, root file system) is copied, once per image. */
    public Path baseDir() {
        return systemFolders() ? Path.of("/var/lib/libvirt/labs/base") : userLibvirtDir().resolve("labs/base");
    }

    /**
     * Where a lab's guest's console log is written (by virtlogd, for the daemon's QEMU): beside libvirt's own log of
     * the domain, /var/log/libvirt/qemu for the system daemon, the session daemon's log folder otherwise.
     */
    public Path consoleLogDir() {
        if (systemFolders()) {
            return Path.of("/var/log/libvirt/qemu");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("libvirt/qemu/log");
    }

    /** As libvirt's session daemon finds its own folder (GLib's user data dir): $XDG_DATA_HOME, else $HOME. */
    private static Path userLibvirtDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        String home = System.getenv("HOME");
        Path data = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(home != null && Path.of(home).isAbsolute() ? home : System.getProperty("user.home"),
                        ".local", "share");
        return data.resolve("libvirt");
    }

    /** The daemon did not answer: exit 2 with how to start it. */
    LabsException unreachable(String virshError) {
        if (remote()) {
            return new LabsException(Msg.get(LauncherText.LV_UNREACHABLE, text), virshError,
                    Msg.get(LauncherText.LV_UNREACHABLE_REMOTE_FIX,
                            String.join(" ", ssh.command(java.util.List.of("virsh", "-c", "qemu:///system", "uri")))));
        }
        String fix = system
                ? Msg.get(LauncherText.LV_UNREACHABLE_SYSTEM_FIX, "sudo systemctl start libvirtd", "sudo libvirtd -d",
                        "sudo apt-get install libvirt-daemon-system", "sudo usermod -aG libvirt $USER")
                : Msg.get(LauncherText.LV_UNREACHABLE_SESSION_FIX, "sudo apt-get install libvirt-daemon-system");
        return new LabsException(Msg.get(LauncherText.LV_UNREACHABLE, text), virshError, fix);
    }
}
