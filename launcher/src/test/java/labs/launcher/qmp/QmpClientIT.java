package labs.launcher.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import labs.launcher.vm.VcpuPinner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QMP against a real qemu-system-x86_64 that is created paused (-S): the vCPU threads exist, nothing boots, so
 * this costs a fraction of a second.
 */
class QmpClientIT {
    @TempDir
    Path tmp;

    @Test
    void handshakeStatusVcpuThreadsPinningAndQuit() throws Exception {
        Path sock = tmp.resolve("qmp.sock");
        Process qemu = new ProcessBuilder(List.of("qemu-system-x86_64", "-nodefaults", "-no-user-config",
                "-display", "none", "-machine", "q35", "-accel", "tcg", "-smp", "2", "-m", "64", "-S",
                "-qmp", "unix:" + sock + ",server=on,wait=off"))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("qemu.log").toFile()).start();
        try (QmpClient qmp = QmpClient.connect(sock, Duration.ofSeconds(20))) {
            assertEquals("prelaunch", qmp.queryStatus());
            List<QmpClient.VcpuThread> cpus = qmp.queryCpusFast();
            assertEquals(2, cpus.size());
            for (QmpClient.VcpuThread c : cpus) {
                assertTrue(Files.isDirectory(Path.of("/proc", Long.toString(qemu.pid()), "task",
                        Long.toString(c.threadId()))), "vCPU thread " + c + " belongs to qemu");
            }
            List<Long> tids = cpus.stream().map(QmpClient.VcpuThread::threadId).toList();
            VcpuPinner.pin(tids, List.of(0));
            for (long tid : tids) {
                assertEquals("0", VcpuPinner.allowedCpus(qemu.pid(), tid));
            }
            qmp.quit();
            assertTrue(qemu.waitFor(10, TimeUnit.SECONDS), "qemu exits on quit");
        } finally {
            qemu.destroyForcibly();
            qemu.waitFor();
        }
    }
}
