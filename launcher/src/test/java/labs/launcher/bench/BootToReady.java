package labs.launcher.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import labs.launcher.Accelerator;
import labs.launcher.agent.GuestAgent;
import labs.launcher.guest.GuestImage;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.qemu.QemuCommand;

/**
 * For bench/boot-overhead.sh: builds (warm) the guest image, boots it once through QemuCommand + GuestAgent under
 * TCG and prints one line: {@code build_s ready_s exit_s}, seconds from the build call to the image, from QEMU's
 * start to the agent's answer, and from QEMU's start to its exit after poweroff. Or, with "paths", prints the
 * image's kernel path and the launcher's kernel command line (for the bare boot of the same kernel).
 */
public final class BootToReady {
    public static void main(String[] args) throws Exception {
        long b0 = System.nanoTime();
        GuestImage image = new GuestImageBuilder(GuestImageBuilder.defaultCacheRoot()).build(Optional.empty());
        double build = (System.nanoTime() - b0) / 1e9;
        if (args.length > 0 && args[0].equals("paths")) {
            System.out.println(image.kernel());
            System.out.println(QemuCommand.forImage(image).kernelCommandLine());
            return;
        }
        int vcpus = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Path dir = Files.createTempDirectory("labs-bench");
        List<String> argv = QemuCommand.forImage(image).accelerator(Accelerator.TCG).vcpus(vcpus).memoryMiB(512)
                .agentSocket(dir.resolve("a.sock")).qmpSocket(dir.resolve("q.sock"))
                .consoleLog(dir.resolve("console.log")).build();
        long t0 = System.nanoTime();
        Process qemu = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.out").toFile()).start();
        try (GuestAgent agent = GuestAgent.connect(dir.resolve("a.sock"), Duration.ofSeconds(120), qemu.toHandle())) {
            double ready = (System.nanoTime() - t0) / 1e9;
            agent.poweroff();
            qemu.waitFor(30, TimeUnit.SECONDS);
            double exit = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%.3f %.3f %.3f%n", build, ready, exit);
        } finally {
            if (qemu.isAlive()) {
                qemu.destroyForcibly().waitFor();
            }
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
