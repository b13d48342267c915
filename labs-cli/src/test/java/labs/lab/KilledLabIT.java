package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection, for real: the built jar runs a lab in a child JVM on its own VM store and is killed with SIGKILL
 * (no shutdown hook, no finally block runs) at one of five points. Within 10 s no qemu of that store may be left
 * (the kernel kills it with its parent: PR_SET_PDEATHSIG), nor any fio or mpstat labs started on the host; the next
 * labs command (`vm list`) reaps the VM folder the dead lab left and lists no VM; nothing of the store is left.
 */
class KilledLabIT {
    @TempDir
    Path tmp;

    /** Where in a lab the kill lands, and how the test knows it got there. */
    enum Point {
        /** io-compare defining its guest: the VM folder exists, its disk is being made. */
        IO_COMPARE_CREATE("io-compare", "defining guest", (t, dir) -> Files.isDirectory(dir)),
        /** io-compare's host fio phase: a host fio runs in the VM folder. */
        IO_COMPARE_HOST_FIO("io-compare", "host: ", (t, dir) -> t.descendantNamed("fio")),
        /** io-compare booting its guest: qemu started, the guest not ready yet. */
        IO_COMPARE_BOOT("io-compare", "booting '", (t, dir) -> t.descendantNamed("qemu-system")),
        /** io-compare's guest fio phase: fio runs inside the guest. */
        IO_COMPARE_GUEST_FIO("io-compare", "guest: ", (t, dir) -> Files.readString(t.err).lines()
                .anyMatch(l -> l.contains("guest: ") && l.contains("numjobs="))),
        /** cpu-overhead's guest loop: the guest's vCPU is busy, mpstat runs on both sides. */
        CPU_OVERHEAD_LOOP("cpu-overhead", "guest loops for", (t, dir) -> true);

        final String lab;
        final String line;
        final Probe ready;

        Point(String lab, String line, Probe ready) {
            this.lab = lab;
            this.line = line;
            this.ready = ready;
        }
    }

    interface Probe {
        boolean test(KilledLabIT t, Path vmDir) throws Exception;
    }

    private Process labs;
    private Path err;

    @AfterEach
    void stopLeftovers() throws Exception {
        if (labs != null) {
            labs.destroyForcibly();
        }
        for (ProcessHandle p : ofThisStore(c -> true)) {
            p.destroyForcibly();
        }
    }

    @ParameterizedTest
    @EnumSource(Point.class)
    void killedWithSigkillLeavesNothingBehind(Point point) throws Exception {
        err = tmp.resolve("err.txt");
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", System.getProperty("labs.jar"), "run", point.lab,
                "--quick", "--lang", "en", "--results", tmp.resolve("results").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(err.toFile());
        pb.environment().put("LABS_DATA_DIR", store().getParent().toString());
        labs = pb.start();

        awaitPoint(point, err);
        assertTrue(labs.isAlive(), "the lab ended before the kill: " + Files.readString(err));
        List<ProcessHandle> started = labs.descendants().toList();   // qemu, fio, mpstat ... as they are now
        assertEquals(0, new ProcessBuilder("kill", "-KILL", Long.toString(labs.pid())).start().waitFor());
        assertTrue(labs.waitFor(10, TimeUnit.SECONDS));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<ProcessHandle> left = leftOver(started);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = leftOver(started);
        }
        assertEquals(List.of(), describe(left), point + ": processes of the killed lab still run after 10 s");
        assertEquals(1, vmFolders().size(), point + ": the killed lab's VM folder is there until someone reaps it");

        // the next labs command finds the folder of a lab that is gone and removes it
        ProcessBuilder listPb = new ProcessBuilder(java(), "-jar", System.getProperty("labs.jar"), "vm", "list");
        listPb.environment().put("LABS_DATA_DIR", store().getParent().toString());
        Process real = listPb.start();
        String out = new String(real.getInputStream().readAllBytes());
        String listErr = new String(real.getErrorStream().readAllBytes());
        assertTrue(real.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, real.exitValue(), listErr);
        assertTrue(out.startsWith("No VMs defined"), point + ": vm list after the kill: " + out + listErr);
        assertTrue(listErr.contains("left by a lab that was killed (labs pid " + labs.pid() + ")"), listErr);
        assertEquals(List.of(), vmFolders(), point + ": " + listErr + "\nlab said:\n" + Files.readString(err));
    }

    private void awaitPoint(Point point, Path err) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline && labs.isAlive()) {
            String said = Files.readString(err);
            if (said.contains(point.line)) {
                Path vmDir = vmFolders().stream().findFirst().orElse(store().resolve("none"));
                if (point.ready.test(this, vmDir)) {
                    return;
                }
            }
            Thread.sleep(point == Point.IO_COMPARE_CREATE ? 5 : 50);
        }
        throw new AssertionError(point + " not reached within 240 s: " + Files.readString(err));
    }

    boolean descendantNamed(String program) {
        return labs.descendants().anyMatch(p -> p.info().commandLine().map(c -> c.contains(program)).orElse(false));
    }

    private Path store() {
        return tmp.resolve("data").resolve("vms");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Processes whose command line names this test's folders: the lab's qemu, a host fio in the VM folder. */
    private List<ProcessHandle> ofThisStore(Predicate<String> also) {
        String mine = tmp.toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != self)
                .filter(p -> p.info().commandLine().map(c -> c.contains(mine) && also.test(c)).orElse(false))
                .filter(p -> labs == null || p.pid() != labs.pid()).toList();
    }

    private List<ProcessHandle> leftOver(List<ProcessHandle> started) {
        List<ProcessHandle> left = new ArrayList<>(started.stream().filter(ProcessHandle::isAlive).toList());
        ofThisStore(c -> true).stream().filter(p -> !left.contains(p)).forEach(left::add);
        return left;
    }

    private static List<String> describe(List<ProcessHandle> ps) {
        return ps.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    }

    private List<Path> vmFolders() throws IOException {
        if (!Files.isDirectory(store())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(store())) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
