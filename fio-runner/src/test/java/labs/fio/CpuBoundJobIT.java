package labs.fio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import labs.common.ExecResult;
import labs.common.HostRunner;
import org.junit.jupiter.api.Test;

class CpuBoundJobIT {
    @Test
    void timesItselfOnTheHostPinned() throws Exception {
        double s = CpuBoundJob.run(HostRunner.INSTANCE, 100_000, 0, Duration.ofMinutes(1));
        assertTrue(s > 0 && s < 30, "seconds: " + s);
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
}
