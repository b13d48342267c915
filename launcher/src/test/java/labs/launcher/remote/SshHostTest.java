package labs.launcher.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import labs.common.ExecResult;
import labs.common.HostRunner;
import org.junit.jupiter.api.Test;

/** The remote host half's quoting: what ssh hands the remote shell runs exactly the argv given, whatever its bytes. */
class SshHostTest {
    @Test
    void eachWordReachesTheRemoteShellAsItWas() throws Exception {
        SshHost h = new SshHost("root", "example.invalid", 22, null, null, false);
        List<String> argv = List.of("printf", "[%s]\\n", "a b", "it's", "$(id)", "`x`", "*", "\\", "\"q\"", "-n", "");
        List<String> ssh = h.command(argv);
        assertEquals(List.of("--", "example.invalid"), ssh.subList(ssh.size() - 3, ssh.size() - 1));
        // the last element is what sshd hands to the user's shell (sh -c): run it through sh here
        List<String> sh = new ArrayList<>(List.of("sh", "-c", ssh.get(ssh.size() - 1)));
        ExecResult r = HostRunner.INSTANCE.exec(sh, Duration.ofSeconds(10));
        assertEquals("[a b]\n[it's]\n[$(id)]\n[`x`]\n[*]\n[\\]\n[\"q\"]\n[-n]\n[]\n", r.stdout());
    }
}
