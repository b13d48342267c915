package labs.cli.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import labs.common.HostRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `labs vm --connect qemu:///session` as an ordinary user (nobody, uid 65534, with a home of its own made here):
 * virsh starts that user's session daemon by itself, QEMU runs as the user, and the VM's files live under its
 * ~/.local/share/libvirt. The user builds its own guest image (the kernel package is fetched as that user). The test
 * stops the session daemon it caused (by the pid in its runtime folder) and removes the home.
 */
class LibvirtSessionIT {
    private Path home;
    private Path runtime;

    @BeforeEach
    void user() throws Exception {
        assumeTrue(HostRunner.isRoot(), "needs root: to run labs as another user (nobody)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/libvirtd")), "needs libvirt-daemon-system (run-tests "
                + "installs it)");
        home = ownedByNobody(Files.createTempDirectory("labs-session-home-"));
        runtime = ownedByNobody(Files.createTempDirectory("labs-session-run-"));
        // the jar must be readable by nobody: @TempDir-style private folders are not on its way
        assumeTrue(Files.isReadable(Path.of(System.getProperty("labs.jar"))), "labs.jar");
    }

    private static Path ownedByNobody(Path dir) throws Exception {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(dir, users.lookupPrincipalByName("nobody"));
        Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class)
                .setGroup(users.lookupPrincipalByGroupName("nogroup"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    @AfterEach
    void stopSessionDaemon() throws Exception {
        if (runtime == null) {
            return;
        }
        // a test that failed half way may have left its guest running: its QEMU (nobody's) would outlive the daemon
        asNobody("virsh", "-q", "-c", "qemu:///session", "destroy", "s1");
        for (String daemon : List.of("libvirtd", "virtlogd")) {   // the session's own, by the pids they wrote
            Path pid = runtime.resolve("libvirt/" + daemon + ".pid");
            if (Files.exists(pid)) {
                // nobody can write that file: only a process of nobody's is stopped, never the pid it names
                ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
                        .filter(p -> p.info().user().orElse("").equals("nobody")).ifPresent(p -> {
                    p.destroy();
                    p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                });
            }
        }
        for (Path dir : List.of(home, runtime)) {
            Libvirtd.exec(List.of("rm", "-rf", "--one-file-system", dir.toString()));
        }
    }

    private Libvirtd.Out asNobody(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "env", "HOME=" + home, "XDG_RUNTIME_DIR=" + runtime, "XDG_CACHE_HOME=" + home.resolve(".cache"),
                "LABS_DATA_DIR=" + home.resolve("labs"), "LABS_CONNECT=qemu:///session"));
        argv.addAll(List.of(args));
        return Libvirtd.exec(argv);
    }

    private Libvirtd.Out labs(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("labs.jar")));
        argv.addAll(List.of(args));
        Libvirtd.Out o = asNobody(argv.toArray(String[]::new));
        assertEquals(0, o.exit(), String.join(" ", args) + ": " + o.text());
        return o;
    }

    private String virsh(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("virsh", "-q", "-c", "qemu:///session"));
        argv.addAll(List.of(args));
        Libvirtd.Out o = asNobody(argv.toArray(String[]::new));
        assertEquals(0, o.exit(), o.text());
        return o.text();
    }

    @Test
    void anOrdinaryUsersSessionRunsALabsVm() throws Exception {
        labs("vm", "create", "s1", "--memory", "256", "--disk-size", "32", "--accel", "tcg");
        String xml = virsh("dumpxml", "s1");
        assertTrue(xml.contains(home.resolve(".local/share/libvirt/images/labs/s1-data.qcow2").toString()), xml);
        Libvirtd.Out start = labs("vm", "start", "s1");
        assertTrue(start.text().contains("guest kernel"), start.text());
        assertEquals("running", virsh("domstate", "s1").strip());
        String ps = Libvirtd.exec(List.of("ps", "-o", "user=", "-p", start.text()
                .replaceAll("(?s).*qemu pid (\\d+).*", "$1"))).text().strip();
        assertEquals("nobody", ps, "QEMU runs as the user");
        labs("vm", "destroy", "s1");
        assertEquals("shut off", virsh("domstate", "s1").strip());
        labs("vm", "undefine", "s1", "--remove-all-storage");
        assertFalse(virsh("list", "--all", "--name").contains("s1"));
    }
}
