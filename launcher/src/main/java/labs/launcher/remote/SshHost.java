package labs.launcher.remote;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import labs.common.LabsException;
import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;

/**
 * The host a qemu+ssh URI names, reached with the same ssh and the same options libvirt uses for it (its user, port,
 * keyfile, known_hosts, no_verify): what runs the host half of a lab there and carries the guest agent's socket.
 * Only an argument list is ever built; a command for the remote shell is quoted word by word ({@link #shWord}).
 *
 * @param user       the login, or null for ssh's default
 * @param port       the port, or -1 for ssh's default
 * @param keyfile    the private key (?keyfile=), or null
 * @param knownHosts the known_hosts file (?known_hosts=), or null
 * @param noVerify   ?no_verify=1: the host key is not checked (libvirt's meaning)
 */
public record SshHost(String user, String host, int port, Path keyfile, Path knownHosts, boolean noVerify) {

    /** From a URI's parts and its query parameters (already limited to the ones labs passes on). */
    public static SshHost of(String user, String host, int port, Map<String, String> query) {
        if (host == null || host.isEmpty() || host.startsWith("-") || (user != null && user.startsWith("-"))) {
            throw LabsException.usage(Msg.get(LauncherText.SSH_BAD_HOST),
                    Msg.get(LauncherText.SSH_BAD_HOST_FIX, "qemu+ssh://USER@HOST/system"));
        }
        return new SshHost(user, host, port, path(query.get("keyfile")), path(query.get("known_hosts")),
                "1".equals(query.get("no_verify")));
    }

    private static Path path(String value) {
        return value == null || value.isEmpty() ? null : Path.of(value);
    }

    /** "root@host:2222", for messages. */
    public String display() {
        return (user == null ? "" : user + "@") + host + (port > 0 ? ":" + port : "");
    }

    /** ssh with this host's options, never asking anything on the terminal (BatchMode). */
    public List<String> ssh(String... extraOptions) {
        List<String> argv = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10",
                "-o", "ServerAliveInterval=15"));
        if (port > 0) {
            argv.addAll(List.of("-p", Integer.toString(port)));
        }
        if (keyfile != null) {
            argv.addAll(List.of("-i", keyfile.toString(), "-o", "IdentitiesOnly=yes"));
        }
        if (knownHosts != null) {
            argv.addAll(List.of("-o", "UserKnownHostsFile=" + knownHosts));
        }
        if (noVerify) {
            argv.addAll(List.of("-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                    "-o", "LogLevel=ERROR"));
        }
        if (user != null) {
            argv.addAll(List.of("-l", user));
        }
        argv.addAll(List.of(extraOptions));
        argv.add("--");
        argv.add(host);
        return argv;
    }

    /** ssh running argv on the host: the remote shell gets each word single-quoted, so it runs exactly argv. */
    public List<String> command(List<String> argv) {
        List<String> all = ssh();
        all.add(String.join(" ", argv.stream().map(SshHost::shWord).toList()));
        return all;
    }

    /** s as one sh word: in single quotes, each ' written '"'"' (sh has no escape inside single quotes). */
    public static String shWord(String s) {
        if (s.indexOf('\0') >= 0) {
            throw LabsException.usage(Msg.get(LauncherText.SSH_ARG_NUL), Msg.get(LauncherText.SSH_ARG_NUL_FIX));
        }
        return labs.common.ShWord.quoted(s);
    }
}
