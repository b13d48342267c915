package labs.launcher.remote;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import labs.common.CommandRunner;
import labs.common.ExecResult;
import labs.common.HostRunner;

/**
 * The host half of a lab on a remote libvirt host: each command runs there over ssh (the URI's own ssh and options),
 * as argv quoted for the remote shell. It is the lab's "host" side, as {@link HostRunner} is on this machine.
 */
public final class SshRunner implements CommandRunner {
    private final SshHost host;

    public SshRunner(SshHost host) { this.host = host; }

    public SshHost host() { return host; }

    @Override
    public String side() { return "host"; }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws IOException, InterruptedException {
        return HostRunner.INSTANCE.exec(host.command(argv), timeout);
    }
}
