package labs.common;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Somewhere a command can run: the host, or a guest through its agent. Workloads (fio, sysstat) are written
 * against this so the same job runs on both sides of the experiment.
 */
public interface CommandRunner {
    /** "host" or the VM's name: goes into CSV rows and chart legends. */
    String side();

    /** Runs argv (never a shell string) and waits at most timeout. */
    ExecResult exec(List<String> argv, Duration timeout) throws IOException, InterruptedException;
}
