package labs.launcher.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.Json;
import labs.common.LabsException;
import labs.launcher.AccelChoice;
import labs.launcher.AccelPlan;
import labs.launcher.AccelProbe;
import labs.launcher.MachineSpec;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.agent.GuestAgent;
import labs.launcher.qemu.QemuCommand;

/** Boots a guest image under TCG with an ext4 data disk, to the agent's ready, and runs fio on /data in it. */
final class GuestFioBoot {
    private GuestFioBoot() {}

    /** Returns the seconds from starting QEMU to the agent's ready; asserts uname -r and a fio run. */
    static double bootToReadyAndRunFio(GuestImage image, String name) throws Exception {
        Path dir = Files.createTempDirectory("labs-kit", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path data = dir.resolve("data.img");
        ExecResult mk = HostRunner.INSTANCE.exec(List.of("mke2fs", "-q", "-F", "-t", "ext4", data.toString(), "64M"),
                Duration.ofSeconds(60));
        assertTrue(mk.ok(), mk.tail(5));
        List<String> argv = QemuCommand.of(MachineSpec.builder(name, image)
                .accel(AccelPlan.decide(AccelChoice.TCG, AccelProbe.TCG_ONLY)).vcpus(1).memoryMiB(512)
                .dataDisk(data, DiskFormat.RAW, CacheMode.NONE)
                .agentSocket(dir.resolve("agent.sock")).qmpSocket(dir.resolve("qmp.sock"))
                .consoleLog(dir.resolve("console.log")).build());
        long t0 = System.nanoTime();
        Process qemu = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.out").toFile()).start();
        try (GuestAgent agent = connect(dir, qemu)) {
            double ready = (System.nanoTime() - t0) / 1e9;
            assertEquals(image.kernelRelease(),
                    agent.exec(List.of("uname", "-r"), Duration.ofSeconds(30)).stdout().strip());
            ExecResult fio = agent.exec(List.of("fio", "--name=kit", "--filename=/data/fio.dat", "--size=8M",
                    "--rw=randrw", "--bs=4k", "--direct=1", "--ioengine=psync", "--runtime=2", "--time_based",
                    "--output-format=json"), Duration.ofSeconds(120));
            assertEquals(0, fio.exitCode(), fio.stderr());
            JsonNode job = Json.MAPPER.readTree(fio.stdout().substring(fio.stdout().indexOf('{'))).path("jobs").path(0);
            assertTrue(job.path("read").path("io_bytes").asLong() > 0, fio.stdout());
            assertTrue(job.path("write").path("io_bytes").asLong() > 0, fio.stdout());
            agent.poweroff();
            assertTrue(qemu.waitFor(60, TimeUnit.SECONDS), "QEMU still running after poweroff");
            return ready;
        } finally {
            if (qemu.isAlive()) {
                qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            KernelSource.deleteTree(dir);
        }
    }

    private static GuestAgent connect(Path dir, Process qemu) throws Exception {
        try {
            return GuestAgent.connect(dir.resolve("agent.sock"), Duration.ofSeconds(180), qemu.toHandle());
        } catch (LabsException e) {
            throw new AssertionError(e.getMessage() + "\nconsole:\n" + Files.readString(dir.resolve("console.log"))
                    + "\nqemu:\n" + Files.readString(dir.resolve("qemu.out")), e);
        }
    }
}
