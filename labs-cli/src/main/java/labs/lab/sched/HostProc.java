package labs.lab.sched;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.CommandRunner;
import labs.common.ExecResult;
import labs.common.HostRunner;

/**
 * The /proc of the host the guest runs on: read here, or on a remote libvirt host with cat over the URI's ssh (the
 * lab's host side, {@link labs.launcher.LabEngine#host()}), so that the vCPU thread's times and the host CPUs' busy
 * shares come from the same kernel files wherever the guest ran. A remote read costs one ssh round trip.
 */
public final class HostProc {
    private final CommandRunner host;

    private HostProc(CommandRunner host) {
        this.host = host;
    }

    /** This machine's /proc. */
    public static final HostProc LOCAL = new HostProc(HostRunner.INSTANCE);

    /** The /proc of the host that runs host's commands (this machine's for labs' own runner). */
    public static HostProc of(CommandRunner host) {
        return host instanceof HostRunner ? LOCAL : new HostProc(host);
    }

    /** The file's text; an IOException when it cannot be read (a thread that ended, ssh that failed). */
    public String read(String path) throws IOException, InterruptedException {
        if (this == LOCAL) {
            return Files.readString(Path.of(path));
        }
        ExecResult r = host.exec(List.of("cat", "--", path), Duration.ofSeconds(60));
        if (!r.ok()) {
            throw new IOException("cat " + path + " on the libvirt host: exit status " + r.exitCode() + ": "
                    + r.stderr().strip());
        }
        return r.stdout();
    }

    /** "/proc/PID/task/TID/stat": one thread's own counters (/proc/TID/stat would sum the whole process). */
    public static String threadStat(long pid, long tid) {
        return "/proc/" + (pid > 0 ? pid : tid) + "/task/" + tid + "/stat";
    }
}
