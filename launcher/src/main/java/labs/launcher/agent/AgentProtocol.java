package labs.launcher.agent;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The agent's line protocol (the guest side is labs-agent.sh). Every message is one line of plain ASCII: the
 * host's requests start with a verb, the guest's replies with "@@ ". Arguments and outputs travel as base64, so
 * spaces, quotes, newlines and any UTF-8 arrive intact, and a line that is not a well-formed reply (console noise,
 * a partial line) is ignored instead of misread.
 */
final class AgentProtocol {
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    sealed interface Reply permits Ready, Done, Bye {}

    record Ready(String nonce, String kernelRelease) implements Reply {}

    record Done(long id, int exitCode, byte[] stdout, byte[] stderr) implements Reply {}

    record Bye() implements Reply {}

    private AgentProtocol() {}

    static String hello(String nonce) { return "HELLO " + nonce + "\n"; }

    /** Each argument is "a" + base64 so that an empty argument is still a word for the guest's shell. */
    static String exec(long id, List<String> argv) {
        StringBuilder sb = new StringBuilder("EXEC ").append(id);
        for (String arg : argv) {
            if (arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("an argument cannot contain a NUL byte");
            }
            sb.append(" a").append(B64.encodeToString(arg.getBytes(StandardCharsets.UTF_8)));
        }
        return sb.append('\n').toString();
    }

    static String kill(long id) { return "KILL " + id + "\n"; }

    static String poweroff() { return "POWEROFF\n"; }

    static Optional<Reply> parse(String line) {
        if (!line.startsWith("@@ ")) {
            return Optional.empty();
        }
        String[] f = line.substring(3).strip().split(" ");
        try {
            switch (f[0]) {
                case "READY":
                    return f.length >= 3 ? Optional.of(new Ready(f[1], f[2])) : Optional.empty();
                case "BYE":
                    return Optional.of(new Bye());
                case "DONE":
                    if (f.length != 5 || !f[3].startsWith("o") || !f[4].startsWith("e")) {
                        return Optional.empty();
                    }
                    return Optional.of(new Done(Long.parseLong(f[1]), Integer.parseInt(f[2]),
                            B64D.decode(f[3].substring(1)), B64D.decode(f[4].substring(1))));
                default:
                    return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
