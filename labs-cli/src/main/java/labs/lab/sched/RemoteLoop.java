package labs.lab.sched;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import labs.common.BoundChildren;
import labs.common.LabsException;
import labs.common.i18n.LabText;
import labs.common.i18n.Msg;
import labs.launcher.remote.SshHost;

/**
 * The host loop on a remote libvirt host, over the URI's ssh. A remote process does not die with the ssh that
 * started it, so a small sh there runs the loop in the background and kills it as soon as ssh's input ends: when
 * {@link HostLoop#close} closes it, and when labs or its ssh is killed (ssh is a bound child of labs; the server
 * then closes the session's pipes). The load program's own time limit is the last resort.
 */
final class RemoteLoop {
    private RemoteLoop() {}

    /**
     * Run by sh on the remote host with the loop's argv as "$@" (never parsed as code): the loop, its pid on stdout,
     * a watcher holding ssh's input (fd 3: a background list's own input is /dev/null) that kills the loop when that
     * input ends, then the loop's own exit status. Only the script holds ssh's output, so ssh ends with the loop.
     */
    static final String SCRIPT = "exec 3<&0; \"$@\" </dev/null >/dev/null 2>&1 3<&- & pid=$!; echo \"$pid\"; "
            + "{ cat <&3; kill -9 \"$pid\"; } >/dev/null 2>&1 & exec 3<&-; wait \"$pid\"";

    /** Starts the loop there and checks it runs; its pid is the remote one. */
    static HostLoop start(SshHost host, String program, int cpu, int maxSeconds) throws IOException,
            InterruptedException {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", SCRIPT, "labs-host-loop", program, "l",
                Integer.toString(cpu), Integer.toString(maxSeconds)));
        Process ssh = BoundChildren.start(new ProcessBuilder(host.command(argv))
                .redirectError(ProcessBuilder.Redirect.DISCARD));
        long pid;
        try {
            pid = firstLine(ssh, host);
        } catch (IOException | RuntimeException | InterruptedException e) {
            end(ssh);
            ssh.destroyForcibly();
            throw e;
        }
        HostLoop loop = new HostLoop(ssh, pid, cpu, true);
        try {
            loop.endedAtOnce(300);
        } catch (RuntimeException | InterruptedException e) {
            loop.close();
            throw e;
        }
        return loop;
    }

    /** The loop's pid, the script's first line (ssh that fails says so by its exit status instead). */
    private static long firstLine(Process ssh, SshHost host) throws IOException, InterruptedException {
        BufferedReader out = new BufferedReader(new InputStreamReader(ssh.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String pid;
        try {
            pid = line.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            pid = null;
        }
        if (pid == null || !pid.strip().matches("[1-9][0-9]{0,9}")) {
            String status = ssh.waitFor(5, TimeUnit.SECONDS) ? Msg.get(LabText.RL_EXIT_STATUS, ssh.exitValue())
                    : Msg.get(LabText.RL_NO_ANSWER);
            throw LabsException.failed(Msg.get(LabText.RL_CANNOT_START, host.display(), status),
                    Msg.get(LabText.RL_CANNOT_START_FIX, String.join(" ", host.ssh()) + " true"), null);
        }
        return Long.parseLong(pid.strip());
    }

    /** Ends ssh's input, so that the remote sh kills the loop, and waits up to 10 s for ssh to end with it. */
    static void end(Process ssh) {
        try {
            ssh.getOutputStream().close();
        } catch (IOException ignored) {
            // ssh has exited already
        }
        boolean interrupted = Thread.interrupted();   // Ctrl-C: the loop must still end before the lab does
        try {
            ssh.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;   // the caller kills ssh: the server closes the session, the same end
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
