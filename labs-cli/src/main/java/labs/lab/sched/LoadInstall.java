package labs.lab.sched;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeoutException;
import labs.common.LabsException;
import labs.common.i18n.LabText;
import labs.common.i18n.Msg;
import labs.common.ResultFile;
import labs.common.RunMeta;
import labs.launcher.RunningVm;
import labs.launcher.agent.GuestProcess;
import labs.launcher.remote.SshCopy;
import labs.launcher.remote.SshHost;

/** Puts the load program where each side runs it: the lab's VM folder on the host, /tmp (a tmpfs) in the guest. */
public final class LoadInstall {
    private LoadInstall() {}

    public static final String FILE = "sched-load";

    /**
     * Writes the program where labs runs it, into the lab's own VM folder (the store checks that no other user can
     * write it or a folder on the way: a program run from a folder another user can write could be swapped between
     * writing and running it), and a copy into the run folder for the student (to run again, or to read with
     * objdump); records its size and SHA-256 in meta.json, so that both sides provably ran the same bytes.
     *
     * @return the program to run
     */
    public static Path onHost(Path privateDir, Path runDir, RunMeta meta) throws IOException {
        byte[] elf = LoadProgram.elf();
        Path file = privateDir.resolve(FILE);
        ResultFile.writeBytes(file, elf);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        ResultFile.writeBytes(runDir.resolve(FILE), elf);
        meta.versions.put("load program", FILE + ", " + elf.length + " bytes, sha256 " + sha256(elf));
        if (!Files.isExecutable(file)) {
            throw LabsException.usage(Msg.get(LabText.LI_NOT_EXECUTABLE, file),
                    Msg.get(LabText.LI_NOT_EXECUTABLE_FIX));
        }
        return file;
    }

    /**
     * On a remote libvirt host: the run folder's copy (as {@link #onHost} writes it) is copied over ssh into the lab
     * guest's host folder there, a new file in a folder no other user can write ({@link SshCopy}), checked by its
     * SHA-256; it goes with that folder when the guest is removed.
     *
     * @return the program's path there
     */
    public static String onRemote(SshHost host, Path remoteDir, Path runDir, RunMeta meta) throws IOException,
            InterruptedException {
        byte[] elf = LoadProgram.elf();
        Path copy = runDir.resolve(FILE);
        ResultFile.writeBytes(copy, elf);
        meta.versions.put("load program", FILE + ", " + elf.length + " bytes, sha256 " + sha256(elf));
        String target = remoteDir.resolve(FILE).toString();
        SshCopy.put(host, copy, target);
        return target;
    }

    /**
     * Copies the program into the guest through its agent (stdin of `cat`), so the guest image stays as it is.
     * The target is a constant, never the user's input.
     */
    public static void intoGuest(RunningVm vm, String target) throws InterruptedException {
        byte[] elf = LoadProgram.elf();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        GuestProcess p = vm.start(List.of("busybox", "sh", "-c", "cat > " + target + " && chmod 755 " + target),
                true, out, err);
        p.writeStdin(elf, 0, elf.length);
        p.closeStdin();
        int status;
        try {
            status = p.waitFor(Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            p.signal("KILL");
            throw LabsException.failed(Msg.get(LabText.LI_COPY_SLOW), Msg.get(LabText.LI_COPY_SLOW_WHY), e);
        }
        if (status != 0) {
            throw LabsException.failed(Msg.get(LabText.LI_COPY_FAILED, status),
                    err.toString(java.nio.charset.StandardCharsets.UTF_8).strip(), null);
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
