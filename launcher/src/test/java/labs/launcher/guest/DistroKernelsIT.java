package labs.launcher.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.Json;
import labs.common.LabsException;
import labs.launcher.Accelerator;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.agent.GuestAgent;
import labs.launcher.qemu.QemuCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real kernels of more than one Debian release, each from its real package fetched by apt (see DebianKernels;
 * cached in the user's labs cache, so a second run fetches nothing), given to the builder as {@code --kernel}
 * (the cached folder keeps the package's layout: Debian 13's modules are .ko.xz under usr/lib/modules, its
 * bzImage payload is zstd; the cloud kernel has virtio_pci, virtio_console and ext4 built in), booted under TCG
 * with an ext4 data disk to the agent's ready, and fio run in the guest.
 */
class DistroKernelsIT {
    @ParameterizedTest
    @EnumSource(DebianKernels.class)
    void bootsToReadyAndRunsFio(DebianKernels which) throws Exception {
        Path cacheRoot = GuestImageBuilder.defaultCacheRoot();
        KernelSource.Kernel kernel = which.fetch(cacheRoot);
        GuestImage image = new GuestImageBuilder(cacheRoot).build(Optional.of(kernel.image()));
        assertEquals(kernel.release(), image.kernelRelease());
        assertTrue(image.kernelSource().contains("modules from " + kernel.modulesDir()), image.kernelSource());

        Path dir = Files.createTempDirectory("labs-kit", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path data = dir.resolve("data.img");
        ExecResult mk = HostRunner.INSTANCE.exec(List.of("mke2fs", "-q", "-F", "-t", "ext4", data.toString(), "64M"),
                Duration.ofSeconds(60));
        assertTrue(mk.ok(), mk.tail(5));
        List<String> argv = QemuCommand.forImage(image).accelerator(Accelerator.TCG).vcpus(1).memoryMiB(512)
                .name("kit-" + which.ordinal()).dataDisk(data, DiskFormat.RAW, CacheMode.NONE)
                .agentSocket(dir.resolve("agent.sock")).qmpSocket(dir.resolve("qmp.sock"))
                .consoleLog(dir.resolve("console.log")).build();
        long t0 = System.nanoTime();
        Process qemu = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.out").toFile()).start();
        try (GuestAgent agent = connect(dir, qemu)) {
            double ready = (System.nanoTime() - t0) / 1e9;
            System.out.printf("DistroKernelsIT: %s (%s) boot to ready %.2f s%n", which, kernel.release(), ready);
            assertEquals(kernel.release(), agent.exec(List.of("uname", "-r"), Duration.ofSeconds(30)).stdout().strip());
            ExecResult fio = agent.exec(List.of("fio", "--name=kit", "--filename=/data/fio.dat", "--size=8M",
                    "--rw=randrw", "--bs=4k", "--direct=1", "--ioengine=psync", "--runtime=2", "--time_based",
                    "--output-format=json"), Duration.ofSeconds(120));
            assertEquals(0, fio.exitCode(), fio.stderr());
            JsonNode job = Json.MAPPER.readTree(fio.stdout().substring(fio.stdout().indexOf('{'))).path("jobs").path(0);
            assertTrue(job.path("read").path("io_bytes").asLong() > 0, fio.stdout());
            assertTrue(job.path("write").path("io_bytes").asLong() > 0, fio.stdout());
            agent.poweroff();
            assertTrue(qemu.waitFor(60, TimeUnit.SECONDS), "QEMU still running after poweroff");
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
