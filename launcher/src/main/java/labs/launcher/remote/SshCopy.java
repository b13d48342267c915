package labs.launcher.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import labs.common.BoundChildren;
import labs.common.LabsException;
import labs.common.i18n.LauncherText;
import labs.common.i18n.Msg;

/**
 * A file of this machine written as a new private file on the remote host, over the URI's ssh (its bytes on ssh's
 * input, nothing to install there), into a folder of the ssh user's own that no other user can write (nor the one
 * above it: another user could otherwise swap the folder between the write and a later run of the file). The
 * remote SHA-256 must match the local one.
 */
public final class SshCopy {
    private SshCopy() {}

    /**
     * Run by sh there with the target as $1: the folder and its parent must be the user's and not group or world
     * writable (exit 3 otherwise), the file must not exist yet (set -C), then it is written 0700 and hashed.
     */
    static final String SCRIPT = "d=${1%/*}; for x in \"$d\" \"${d%/*}\"; do "
            + "if [ \"$(stat -c %u -- \"$x\")\" != \"$(id -u)\" ] || [ -n \"$(find \"$x\" -maxdepth 0 -perm /022)\" ]; "
            + "then echo \"$x is not a private folder of $(id -un)\" >&2; exit 3; fi; done; "
            + "set -C; umask 077; cat > \"$1\" && chmod 700 -- \"$1\" && sha256sum -- \"$1\"";

    /** Writes local's bytes to the absolute path remote there; exit 1 with the reason when it cannot. */
    public static void put(SshHost host, Path local, String remote) throws IOException, InterruptedException {
        if (!remote.startsWith("/") || remote.endsWith("/")) {
            throw new IllegalArgumentException("not an absolute file path: " + remote);
        }
        Process ssh = BoundChildren.start(new ProcessBuilder(host.command(List.of("sh", "-c", SCRIPT, "labs-copy",
                remote))).redirectInput(local.toFile()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(ssh.getErrorStream()));
        CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(ssh.getInputStream()));
        if (!ssh.waitFor(2, TimeUnit.MINUTES)) {
            ssh.destroyForcibly().waitFor();
        }
        byte[] out = stdout.join();
        String said = new String(err.join(), StandardCharsets.UTF_8).strip();
        String hash = new String(out, StandardCharsets.UTF_8).strip().split("\\s+")[0];
        if (ssh.exitValue() != 0 || !hash.equals(sha256(Files.readAllBytes(local)))) {
            throw LabsException.failed(Msg.get(LauncherText.SSH_COPY_FAILED, local.getFileName(), remote, host.display(),
                    ssh.exitValue()), said.isEmpty() ? Msg.get(LauncherText.SSH_COPY_HASH, hash) : said, null);
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
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
