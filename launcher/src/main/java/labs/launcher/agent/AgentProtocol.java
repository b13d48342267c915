package labs.launcher.agent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;

/**
 * The agent's framed protocol (the guest side is labs-agent.sh, which documents it). Every message starts with a
 * header line of plain ASCII; the kinds that carry data (a command's argument list, its stdin, its stdout and
 * stderr) follow it with exactly the number of raw bytes the header names, so any byte survives and output streams
 * as the command writes it. The guest's headers start with "@@ ".
 */
final class AgentProtocol {
    /** Longest header line either side writes (a kernel release is the longest field). */
    static final int MAX_HEADER = 1024;
    /** The largest argument script sent: Linux itself takes at most 2 MiB of arguments (ARG_MAX). */
    static final int MAX_ARGV_BYTES = 4 << 20;
    /** This protocol's version, the last field of the agent's READY (the line agent before it sent none: 1). */
    static final int VERSION = 2;
    /** Signals the host may send to a command's session. */
    static final List<String> SIGNALS = List.of("INT", "TERM", "KILL", "HUP");

    sealed interface Reply permits Ready, Out, Exit, Ack, Bye {}

    record Ready(String nonce, String kernelRelease, int version) implements Reply {}

    /** A chunk of a command's output (fd 1 or 2); its {@code length} bytes follow the header. */
    record Out(long id, int fd, int length) implements Reply {}

    record Exit(long id, int exitCode) implements Reply {}

    /** The guest wrote stdin chunk {@code seq} to the command: the host may send another. */
    record Ack(long id, long seq) implements Reply {}

    record Bye() implements Reply {}

    private AgentProtocol() {}

    static byte[] hello(String nonce) { return ascii("HELLO " + nonce + "\n"); }

    static byte[] signal(long id, String name) {
        if (!SIGNALS.contains(name)) {
            throw new IllegalArgumentException("signal " + name + " is not one of " + SIGNALS);
        }
        return ascii("SIGNAL " + id + " " + name + "\n");
    }

    static byte[] poweroff() { return ascii("POWEROFF\n"); }

    static byte[] stdinHeader(long id, long seq, int length) {
        return ascii("STDIN " + id + " " + seq + " " + length + "\n");
    }

    /**
     * The EXEC frame: header and the script the guest's shell sources to get the argument list. Each argument is
     * single-quoted (inside single quotes the shell takes every byte but the quote itself literally; a quote is
     * written '\''), and the last line proves the script arrived whole: a cut-off list must not run as a shorter
     * command.
     */
    static byte[] exec(long id, boolean stdin, List<String> argv) {
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        script.writeBytes(ascii("set --"));
        for (String arg : argv) {
            if (arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(Msg.get(LauncherText.ARG_NUL));
            }
            script.write(' ');
            script.write('\'');
            script.writeBytes(arg.replace("'", "'\\''").getBytes(StandardCharsets.UTF_8));
            script.write('\'');
        }
        script.writeBytes(ascii("\nargv_ok='" + id + "'\n"));
        if (script.size() > MAX_ARGV_BYTES) {
            throw new IllegalArgumentException(Msg.get(LauncherText.ARGV_TOO_LONG, script.size(), MAX_ARGV_BYTES));
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream(script.size() + 64);
        frame.writeBytes(ascii("EXEC " + id + " " + (stdin ? 1 : 0) + " " + script.size() + "\n"));
        frame.writeBytes(script.toByteArray());
        return frame.toByteArray();
    }

    /** The guest's header line (without its newline); empty when it is not one (console noise, a partial line). */
    static Optional<Reply> parse(String line) {
        if (!line.startsWith("@@ ")) {
            return Optional.empty();
        }
        String[] f = line.substring(3).split(" ", -1);
        try {
            switch (f[0]) {
                case "READY":
                    if ((f.length != 3 && f.length != 4) || f[1].isEmpty()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Ready(f[1], f[2], f.length == 4 ? Integer.parseInt(f[3]) : 1));
                case "BYE":
                    return f.length == 1 ? Optional.of(new Bye()) : Optional.empty();
                case "OUT":
                    if (f.length != 4 || !(f[2].equals("1") || f[2].equals("2"))) {
                        return Optional.empty();
                    }
                    int len = Integer.parseInt(f[3]);
                    return len > 0 ? Optional.of(new Out(Long.parseLong(f[1]), f[2].charAt(0) - '0', len))
                            : Optional.empty();
                case "EXIT":
                    return f.length == 3 ? Optional.of(new Exit(Long.parseLong(f[1]), Integer.parseInt(f[2])))
                            : Optional.empty();
                case "ACK":
                    return f.length == 3 ? Optional.of(new Ack(Long.parseLong(f[1]), Long.parseLong(f[2])))
                            : Optional.empty();
                default:
                    return Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
