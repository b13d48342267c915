package labs.cli.vm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `labs vm exec` behaves as `ssh host cmd` does, checked with the built jar in a child process against one real
 * guest under TCG: binary output byte for byte, 300 MiB streamed (more than the guest's RAM-backed /run could
 * hold), stdin passed on, a timeout or a signal to labs kills the command in the guest (ps there says so) and keeps
 * what it printed, and 20,000 arguments arrive whole in seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VmExecIT {
    private static final String VM = "x1";

    @TempDir
    static Path tmp;

    record Run(int exit, byte[] out, String err) {
        String outText() { return new String(out, StandardCharsets.UTF_8); }
    }

    private Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("labs.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LABS_DATA_DIR", tmp.resolve("data").toString());
        return pb.start();
    }

    /** Runs labs with stdin from the given file (or /dev/null) and waits for it. */
    private Run labs(Path stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("labs.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(stdin == null ? Path.of("/dev/null").toFile()
                : stdin.toFile());
        pb.environment().put("LABS_DATA_DIR", tmp.resolve("data").toString());
        Process p = pb.start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        return new Run(p.exitValue(), out, new String(err.get(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private String guestPs() throws Exception {
        Run ps = labs(null, "vm", "exec", VM, "--", "ps", "-o", "pid,args");
        assertEquals(0, ps.exit(), ps.err());
        return ps.outText();
    }

    /** Waits (up to 20 s: a kill and the agent's reaction take a moment under TCG) until marker is gone. */
    private void assertGoneFromGuest(String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String ps = guestPs();
        while (ps.contains(marker) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            ps = guestPs();
        }
        assertFalse(ps.contains(marker), "still running in the guest:\n" + ps);
    }

    @BeforeAll
    void bootOneGuest() throws Exception {
        Run create = labs(null, "vm", "create", VM, "--accel", "tcg", "--disk-size", "64", "--memory", "256");
        assertEquals(0, create.exit(), create.err());
        Run start = labs(null, "vm", "start", VM);
        assertEquals(0, start.exit(), start.err());
    }

    @AfterAll
    void removeIt() throws Exception {
        labs(null, "vm", "destroy", VM);
        Run undefine = labs(null, "vm", "undefine", VM, "--remove-all-storage");
        assertEquals(0, undefine.exit(), undefine.err());
    }

    @Test
    void binaryFilesGoInThroughStdinAndComeBackByteIdenticalOnStdoutAndStderr() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(13).nextBytes(data);
        Path file = tmp.resolve("random.bin");
        Files.write(file, data);
        Run up = labs(file, "vm", "exec", VM, "--", "sh", "-c", "cat > /data/random.bin");
        assertEquals(0, up.exit(), up.err());
        // the guest's own checksum: the upload is right independently of the way back
        Run sum = labs(null, "vm", "exec", VM, "--", "md5sum", "/data/random.bin");
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)),
                sum.outText().split(" ")[0], sum.err());

        Run out = labs(null, "vm", "exec", VM, "--", "cat", "/data/random.bin");
        assertEquals(0, out.exit(), out.err());
        assertArrayEquals(data, out.out(), "stdout byte for byte");

        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        Process p = start("vm", "exec", VM, "--", "sh", "-c", "cat /data/random.bin >&2; echo done");
        CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> errBytes.writeBytes(readAll(p.getErrorStream())));
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        drain.get();
        assertEquals(0, p.exitValue());
        assertEquals("done\n", stdout);
        assertArrayEquals(data, errBytes.toByteArray(), "stderr byte for byte");
    }

    @Test
    void stdinReachesTheCommandUnlessNoStdinIsAsked() throws Exception {
        Path x = tmp.resolve("x.txt");
        Files.writeString(x, "x\n");
        Run cat = labs(x, "vm", "exec", VM, "--", "cat");
        assertEquals(0, cat.exit(), cat.err());
        assertEquals("x\n", cat.outText());
        Run none = labs(x, "vm", "exec", "-n", VM, "--", "cat");
        assertEquals(0, none.exit(), none.err());
        assertEquals("", none.outText());
        // a command that stops reading early: labs does not hang on the rest
        Path big = tmp.resolve("big.bin");
        Files.write(big, new byte[8 << 20]);
        Run head = labs(big, "vm", "exec", VM, "--", "head", "-c", "5");
        assertEquals(0, head.exit(), head.err());
        assertArrayEquals(new byte[5], head.out());
    }

    /** 300 MiB through a guest whose /run (a tmpfs of half its 256 MiB) could never stage it. */
    @Test
    void threeHundredMebibytesStreamWithoutTruncation() throws Exception {
        Run df = labs(null, "vm", "exec", VM, "--", "df", "-k", "/run");
        long runKiB = Long.parseLong(df.outText().strip().split("\n")[1].trim().split(" +")[1]);
        assertTrue(runKiB < 300 * 1024, "the guest's /run is smaller than the output: " + df.outText());

        Process p = start("vm", "exec", VM, "--", "dd", "if=/dev/zero", "bs=1M", "count=300");
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        long t0 = System.nanoTime();
        long total = 0;
        boolean zeros = true;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = p.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                for (int i = 0; i < n && zeros; i++) {
                    zeros = buf[i] == 0;
                }
            }
        }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        double secs = (System.nanoTime() - t0) / 1e9;
        String stderr = new String(err.get(), StandardCharsets.UTF_8);
        System.out.printf("vm exec streamed %d MiB in %.1f s (%.1f MiB/s) under TCG%n", total >> 20, secs,
                total / secs / (1 << 20));
        assertEquals(0, p.exitValue(), stderr);
        assertEquals(300L << 20, total);
        assertTrue(zeros);
        assertTrue(stderr.contains("300+0 records out"), stderr);
    }

    @Test
    void timeoutKillsTheCommandInTheGuestAndKeepsItsOutput() throws Exception {
        Run r = labs(null, "vm", "exec", "--timeout", "5", VM, "--", "sh", "-c", "echo before; exec sleep 987");
        assertEquals(1, r.exit(), r.err());
        assertEquals("before\n", r.outText());
        assertTrue(r.err().contains("did not finish") && r.err().contains("--timeout"), r.err());
        assertGoneFromGuest("sleep 987");
    }

    /**
     * SIGTERM and SIGINT (Ctrl-C) run labs's exit hook; SIGKILL only closes the connection, and the guest's agent
     * kills the commands of a host that went away. The command's "started" arrives while it runs (streamed), after
     * its sleep started; ps in the guest (once labs is gone: QEMU serves one connection at a time) shows the sleep
     * is gone too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT", "KILL"})
    void aSignalToLabsKillsTheCommandInTheGuestAndKeepsItsOutput(String signal) throws Exception {
        String marker = "sleep 98" + List.of("TERM", "INT", "KILL").indexOf(signal);
        Process p = start("vm", "exec", VM, "--", "sh", "-c", marker + " & echo started; wait; echo never");
        StringBuffer out = new StringBuffer();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (InputStream in = p.getInputStream()) {
                int c;
                while ((c = in.read()) >= 0) {
                    out.append((char) c);
                }
            } catch (IOException e) {
                // ended
            }
        });
        CompletableFuture.runAsync(() -> readAll(p.getErrorStream()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!out.toString().contains("started\n") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals("started\n", out.toString(), "streamed while the command runs");
        assertTrue(p.isAlive());
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        reader.get(10, TimeUnit.SECONDS);
        assertEquals(128 + switch (signal) { case "INT" -> 2; case "KILL" -> 9; default -> 15; }, p.exitValue());
        assertEquals("started\n", out.toString(), "output printed so far is kept");
        assertGoneFromGuest(marker);
    }

    /**
     * A guest that ends under a running command (here its QEMU killed with SIGKILL, as a crash would end it) is exit
     * 4, "the lab's guest ended under it", not a lab's own failure (1): the emulated AMD-V machine runs such a lab
     * once more. A VM of its own, so the shared one lives on.
     */
    @Test
    void aGuestThatEndsUnderTheCommandIsExitFour() throws Exception {
        String vm = "lost1";
        assertEquals(0, labs(null, "vm", "create", vm, "--accel", "tcg", "--disk-size", "64", "--memory", "256")
                .exit());
        try {
            Run started = labs(null, "vm", "start", vm);
            assertEquals(0, started.exit(), started.err());
            Process p = start("vm", "exec", vm, "--", "sh", "-c", "echo started; sleep 600");
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("started", out.readLine());
            String folder = tmp.resolve("data").resolve("vms").resolve(vm).toString();
            ProcessHandle qemu = ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("")
                    .contains("qemu-system") && h.info().commandLine().orElse("").contains(folder)).findFirst()
                    .orElseThrow();
            assertTrue(qemu.destroyForcibly());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "labs vm exec did not end with its guest");
            String stderr = new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            assertEquals(labs.common.LabsException.EXIT_GUEST_LOST, p.exitValue(), stderr);
            assertTrue(stderr.contains("the guest"), stderr);
        } finally {
            labs(null, "vm", "destroy", vm);
            labs(null, "vm", "undefine", vm, "--remove-all-storage");
        }
    }

    @Test
    void twentyThousandArgumentsArriveWholeInSeconds() throws Exception {
        List<String> args = new ArrayList<>(List.of("vm", "exec", VM, "--", "sh", "-c", "printf '%s\\n' \"$@\"", "sh"));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            String a = i % 1000 == 0 ? "it's a \"quoted\" $arg " + i : "a" + i;
            args.add(a);
            expected.append(a).append('\n');
        }
        long t0 = System.nanoTime();
        Run r = labs(null, args.toArray(String[]::new));
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("vm exec with 20,000 arguments: %.1f s%n", secs);
        assertEquals(0, r.exit(), r.err());
        assertEquals(expected.toString(), r.outText());
        assertTrue(secs < 60, "took " + secs + " s");
    }
}
