package labs.cli.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import labs.common.HostRunner;
import org.junit.jupiter.api.Test;

/**
 * The libvirt ITs' helper ({@link Libvirtd}) changes /dev/kvm and may start libvirtd and virtlogd: a test JVM killed
 * with -9 while they run (no @AfterAll, no shutdown hook) must still leave /dev/kvm as it was and no daemon of its
 * own. A real JVM runs {@link Libvirtd#ensure} and halts; its guard must put everything back.
 */
class LibvirtdGuardIT {
    private static final Path KVM = Path.of("/dev/kvm");

    @Test
    void aKilledTestJvmLeavesKvmAsItWasAndNoDaemonOfItsOwn() throws Exception {
        assumeTrue(HostRunner.isRoot(), "needs root: /dev/kvm and the system daemon");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/libvirtd")) && Files.exists(KVM),
                "needs libvirt-daemon-system and /dev/kvm (run-tests installs libvirt)");
        String kvmBefore = kvm();
        boolean daemonBefore = Libvirtd.run("virsh", "-c", Libvirtd.URI, "uri") == 0;
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Halting.class.getName()).redirectErrorStream(true).start();
        String out = new String(jvm.getInputStream().readAllBytes());
        assertTrue(jvm.waitFor(2, TimeUnit.MINUTES));
        assertEquals(9, jvm.exitValue(), out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((!kvm().equals(kvmBefore) || (!daemonBefore && daemonsRun())) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(kvmBefore, kvm(), "/dev/kvm's group and mode");
        if (!daemonBefore) {
            assertFalse(daemonsRun(), "a libvirtd or virtlogd the killed JVM started runs on");
        }
    }

    private static String kvm() throws Exception {
        PosixFileAttributes a = Files.readAttributes(KVM, PosixFileAttributes.class);
        return a.group().getName() + " " + java.nio.file.attribute.PosixFilePermissions.toString(a.permissions());
    }

    private static boolean daemonsRun() {
        return ProcessHandle.allProcesses().map(p -> p.info().command().orElse(""))
                .anyMatch(c -> List.of("/usr/sbin/libvirtd", "/usr/sbin/virtlogd").contains(c));
    }

    /** The test JVM that is killed: the helper set up, then gone as by kill -9 (no hook, no @AfterAll). */
    static final class Halting {
        public static void main(String[] args) throws Exception {
            Libvirtd.ensure();
            Runtime.getRuntime().halt(9);
        }
    }
}
