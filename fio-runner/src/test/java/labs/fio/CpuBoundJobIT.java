package labs.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import labs.common.ExecResult;
import labs.common.HostRunner;
import org.junit.jupiter.api.Test;

class CpuBoundJobIT {
    @Test
    void timesItselfOnTheHostPinned() throws Exception {
        double s = CpuBoundJob.run(HostRunner.INSTANCE, 100_000, 0, Duration.ofMinutes(1));
        assertTrue(s > 0 && s < 30, "seconds: " + s);
    }

    /**
     * The pinning is real: while the job runs, the kernel's own record of the busybox process's affinity
     * (/proc/PID/status Cpus_allowed_list, what `taskset -p PID` prints) is the one CPU asked for. The CPU is the
     * last one this JVM may use, so on a machine with more than one CPU the answer differs from the inherited set.
     */
    @Test
    void theJobRunsOnlyOnTheCpuItWasPinnedTo() throws Exception {
        String inherited = allowedCpus(Path.of("/proc/self/status"));
        int cpu = lastCpu(inherited);
        long iterations = 500_017; // an odd count, to tell this job's process from any other
        CompletableFuture<Double> job = CompletableFuture.supplyAsync(() -> {
            try {
                return CpuBoundJob.run(HostRunner.INSTANCE, iterations, cpu, Duration.ofMinutes(5));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String seen = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (seen == null && !job.isDone() && System.nanoTime() < deadline) {
            Optional<ProcessHandle> busybox = ProcessHandle.current().descendants()
                    .filter(p -> p.info().arguments().map(a -> List.of(a).contains(Long.toString(iterations)))
                            .orElse(false))
                    .filter(p -> p.info().command().map(c -> c.endsWith("busybox")).orElse(false))
                    .findFirst();
            if (busybox.isPresent()) {
                try {
                    seen = allowedCpus(Path.of("/proc", Long.toString(busybox.get().pid()), "status"));
                } catch (java.io.IOException gone) {
                    // it ended between the two looks: the loop ends on job.isDone()
                }
            } else {
                Thread.sleep(5);
            }
        }
        double s = job.get(5, TimeUnit.MINUTES);
        assertTrue(seen != null, "the job (" + s + " s) ended before its process was seen; the machine was "
                + "too fast for " + iterations + " iterations");
        assertEquals(Integer.toString(cpu), seen, "Cpus_allowed_list of the running job (this JVM: " + inherited + ")");
    }

    @Test
    void loopEndsByTimeout() throws Exception {
        ExecResult r = HostRunner.INSTANCE.exec(CpuBoundJob.loopArgv(1), Duration.ofSeconds(20));
        assertEquals(143, r.exitCode(), "busybox timeout ends the loop with SIGTERM");
    }

    @Test
    void parsesUptimePairs() {
        assertEquals(0.51, CpuBoundJob.parseSeconds("899.46 899.97\n", "host"), 1e-9);
    }

    private static String allowedCpus(Path status) throws java.io.IOException {
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElseThrow();
    }

    /** The highest CPU in a list like "0-3,6,8-9". */
    private static int lastCpu(String list) {
        String last = list.substring(list.lastIndexOf(',') + 1);
        return Integer.parseInt(last.substring(last.lastIndexOf('-') + 1));
    }
}
