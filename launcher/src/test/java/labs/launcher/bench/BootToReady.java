package labs.launcher.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.MachineSpec;
import labs.launcher.vm.DiskTool;
import labs.launcher.agent.GuestAgent;
import labs.launcher.guest.GuestImage;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.qemu.QemuCommand;

/**
 * For bench/boot-overhead.sh: builds (warm) the guest image, boots it once through QemuCommand + GuestAgent under
 * TCG and prints one line: {@code build_s ready_s exit_s}, seconds from the build call to the image, from QEMU's
 * start to the agent's answer, and from QEMU's start to its exit after poweroff. Or, with "paths", prints the
 * image's kernel path and the launcher's kernel command line (for the bare boot of the same kernel). With
 * "trace" after the vCPU count, the guest boots with labs.trace and the console's trace lines (guest uptime at
 * each phase of init and agent) are printed after the figures, each with the host's time since QEMU's start
 * when the line reached the console log (polled every 2 ms) and the difference of the two. With "data", the guest
 * also gets a 64 MiB ext4 data disk, as every VM of `labs vm create` has (its modules load only then).
 */
public final class BootToReady {
    public static void main(String[] args) throws Exception {
        long b0 = System.nanoTime();
        GuestImage image = new GuestImageBuilder(GuestImageBuilder.defaultCacheRoot()).build(Optional.empty());
        double build = (System.nanoTime() - b0) / 1e9;
        if (args.length > 0 && args[0].equals("paths")) {
            System.out.println(image.kernel());
            System.out.println(machine(image, Path.of("/tmp"), false).build().kernelCmdline());
            return;
        }
        int vcpus = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        List<String> flags = List.of(args).subList(Math.min(1, args.length), args.length);
        boolean trace = flags.contains("trace");
        Path dir = Files.createTempDirectory("labs-bench");
        MachineSpec.Builder cmd = machine(image, dir, trace).vcpus(vcpus);
        if (flags.contains("data")) {
            Path disk = dir.resolve("data.raw");
            DiskTool.createDataDisk(disk, DiskFormat.RAW, 64);
            cmd.dataDisk(disk, DiskFormat.RAW, CacheMode.NONE);
        }
        List<String> argv = QemuCommand.of(cmd.build());
        long t0 = System.nanoTime();
        List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Thread tail = trace ? consoleTail(dir.resolve("console.log"), t0, seen) : null;
        Process qemu = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.out").toFile()).start();
        try (GuestAgent agent = GuestAgent.connect(dir.resolve("a.sock"), Duration.ofSeconds(120), qemu.toHandle())) {
            double ready = (System.nanoTime() - t0) / 1e9;
            agent.poweroff();
            qemu.waitFor(30, TimeUnit.SECONDS);
            double exit = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%.3f %.3f %.3f%n", build, ready, exit);
            if (tail != null) {
                tail.interrupt();
                tail.join();
                seen.forEach(System.out::println);
            }
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

    /** The guest this benchmark boots: TCG, 512 MiB, its sockets and console in dir. */
    private static MachineSpec.Builder machine(GuestImage image, Path dir, boolean trace) {
        return MachineSpec.builder("bench", image).memoryMiB(512).agentSocket(dir.resolve("a.sock"))
                .qmpSocket(dir.resolve("q.sock")).consoleLog(dir.resolve("console.log")).trace(trace);
    }

    /** Polls the console log and stamps each new complete trace line with the host's seconds since t0. */
    private static Thread consoleTail(Path log, long t0, List<String> out) {
        Thread t = new Thread(() -> {
            java.util.Set<String> stamped = new java.util.HashSet<>();
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    String text = Files.exists(log) ? Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
                    double now = (System.nanoTime() - t0) / 1e9;
                    for (String l : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
                        if (l.startsWith("labs-trace:") && stamped.add(l)) {
                            String[] w = l.split(" ");
                            double up = Double.parseDouble(w[w.length - 1]);
                            out.add(String.format("%-40s host %.3f offset %.3f", l, now, now - up));
                        }
                    }
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                } catch (java.io.IOException e) {
                    // QEMU is still creating the file
                }
            }
        }, "console-tail");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
