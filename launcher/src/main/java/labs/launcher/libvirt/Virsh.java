package labs.launcher.libvirt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.LabsException;
import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;

/**
 * virsh as a child process, always with {@code -c URI} and an argument list (never a shell string): the one way labs
 * talks to libvirt. virsh's own error lines ("error: ...") are what a failure reports, with the virsh command that
 * failed, so a student can type it again.
 */
public final class Virsh {
    /** A virsh call that hangs (a daemon stuck on a dead qemu) must not hang labs. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private final LibvirtUri uri;

    public Virsh(LibvirtUri uri) { this.uri = uri; }

    public LibvirtUri uri() { return uri; }

    /** Runs virsh; a non-zero exit becomes an exit-1 failure quoting virsh's error. */
    public String run(String... args) {
        ExecResult r = tryRun(args);
        if (!r.ok()) {
            throw LabsException.failed(Msg.get(LauncherText.COMMAND_FAILED, commandLine(args)), errorText(r), null);
        }
        return r.stdout();
    }

    /** Runs virsh and returns its result whatever the exit status (for "does it exist" questions). */
    public ExecResult tryRun(String... args) {
        List<String> argv = new ArrayList<>(List.of("virsh", "-q", "-c", uri.text()));
        argv.addAll(List.of(args));
        try {
            ExecResult r = HostRunner.INSTANCE.exec(argv, TIMEOUT);
            if (!r.ok() && unreachable(r.stderr())) {
                throw uri.unreachable(errorText(r));
            }
            return r;
        } catch (IOException e) {
            throw new LabsException(Msg.get(LauncherText.VIRSH_CANNOT_RUN), e.toString(), "apt-get install libvirt-clients");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LabsException.failed(Msg.get(LauncherText.COMMAND_INTERRUPTED, commandLine(args)), null, e);
        }
    }

    /** virsh define: the XML goes through a private temp file (virsh reads a file, never a shell here-string). */
    public void define(String xml) {
        withXmlFile(xml, file -> run("define", file.toString()));
    }

    /** Hands xml to use as a file in a private temp folder (virsh reads it on this machine), removed after. */
    static void withXmlFile(String xml, Consumer<Path> use) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("labs-define-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = dir.resolve("domain.xml");
            Files.writeString(file, xml, StandardCharsets.UTF_8);
            use.accept(file);
        } catch (IOException e) {
            throw LabsException.failed(Msg.get(LauncherText.VIRSH_XML_CANNOT_WRITE), e.toString(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve("domain.xml"));
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp folder left behind holds only XML we wrote
        }
    }

    /** libvirt's words for a daemon it cannot reach (not running, wrong URI, no permission on its socket). */
    static boolean unreachable(String stderr) {
        return stderr.contains("failed to connect to the hypervisor") || stderr.contains("Failed to connect socket")
                || stderr.contains("no connection driver available");
    }

    /** The lines virsh printed as errors, without the empty ones. */
    static String errorText(ExecResult r) {
        String err = r.stderr().strip();
        return err.isEmpty() ? Msg.get(LauncherText.VIRSH_EXIT_STATUS, r.exitCode()) : err.replaceAll("\n\\s*\n", "\n");
    }

    public String commandLine(String... args) {
        return "virsh -c " + uri.text() + " " + String.join(" ", args);
    }
}
