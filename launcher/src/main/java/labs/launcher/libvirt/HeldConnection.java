package labs.launcher.libvirt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import labs.common.LabsException;
import labs.common.i18n.Msg;
import labs.common.i18n.LauncherText;

/**
 * One libvirt connection held open for as long as a lab's guest runs: a virsh process reading its commands from a
 * pipe (virsh's script mode), which creates the guest as a transient domain with {@code --autodestroy}. libvirt
 * destroys such a domain when the connection that created it closes, and the connection closes when virsh exits,
 * which it does when its input ends: when labs closes the pipe, and also when labs dies (kill -9 closes the pipe
 * too). So a lab's guest never outlives the labs that runs it, and never stays defined.
 */
final class HeldConnection implements AutoCloseable {
    private static final String DONE = "labs-held-connection-done";
    private final Process process;
    private final OutputStream commands;
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final Virsh virsh;

    private HeldConnection(Process process, Virsh virsh) {
        this.process = process;
        this.commands = process.getOutputStream();
        this.virsh = virsh;
        Thread drain = new Thread(() -> copy(process.getErrorStream(), errors), "virsh-held-stderr");
        drain.setDaemon(true);
        drain.start();
    }

    static HeldConnection open(Virsh virsh) {
        List<String> argv = new ArrayList<>(List.of("virsh", "-q", "-c", virsh.uri().text()));
        try {
            return new HeldConnection(new ProcessBuilder(argv).start(), virsh);
        } catch (IOException e) {
            throw new LabsException(Msg.get(LauncherText.VIRSH_CANNOT_RUN), e.toString(), "apt-get install libvirt-clients");
        }
    }

    /**
     * virsh create FILE --autodestroy on this connection: returns once virsh has done it (libvirt has started QEMU,
     * which has opened the domain's disks); exit 1 with virsh's error if the domain is not running then.
     */
    void createAutodestroy(Path xmlFile, String name) {
        // virsh repeats each command line it reads (after its prompt) and ends echo's output with no newline: the
        // marker is written as two quoted halves, so only echo's output holds it whole
        String line = "create " + VirshWord.of(xmlFile.toString()) + " --autodestroy\necho '"
                + DONE.substring(0, 10) + "''" + DONE.substring(10) + "'\n";
        try {
            commands.write(line.getBytes(StandardCharsets.UTF_8));
            commands.flush();
            awaitDone(process.getInputStream());
        } catch (IOException e) {
            throw LabsException.failed(Msg.get(LauncherText.HELD_ENDED, virsh.uri().text()),
                    errorText(), e);
        }
        if (!virsh.tryRun("domstate", name).ok()) {
            throw LabsException.failed(Msg.get(LauncherText.COMMAND_FAILED,
                    virsh.commandLine("create", xmlFile.toString(), "--autodestroy")),
                    errorText(), null);
        }
    }

    /** Reads virsh's output up to the marker echoed after the command: the command has then finished. */
    private void awaitDone(InputStream in) throws IOException {
        StringBuilder seen = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            seen.append((char) c);
            if (seen.length() >= DONE.length() && seen.lastIndexOf(DONE) >= 0) {
                return;
            }
            if (seen.length() > 4 * DONE.length()) {
                seen.delete(0, seen.length() - DONE.length());
            }
        }
        throw new IOException("virsh exited (status " + waitQuietly() + ")");
    }

    String errorText() {
        synchronized (errors) {
            String text = errors.toString(StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Msg.get(LauncherText.VIRSH_SAID_NOTHING) : text;
        }
    }

    boolean alive() { return process.isAlive(); }

    /** Ends virsh's input: it exits, its connection closes, and libvirt destroys the domain it created. */
    @Override
    public void close() {
        try {
            commands.close();
        } catch (IOException ignored) {
            // virsh is gone already: so is its connection
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();   // its connection closes with it all the same
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private int waitQuietly() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                synchronized (to) {
                    to.write(buf, 0, n);
                }
            }
        } catch (IOException ignored) {
            // virsh ended
        }
    }
}
