package labs.launcher.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.ExecResult;
import labs.launcher.remote.SshRunner;

/** A lab guest's console log on a remote libvirt host: copied here over ssh when the guest goes, then removed there. */
final class RemoteConsole {
    private RemoteConsole() {}

    static void keep(SshRunner host, Path remoteLog, Path keepAt) {
        try {
            if (keepAt != null) {
                ExecResult r = host.exec(List.of("cat", "--", remoteLog.toString()), Duration.ofSeconds(60));
                if (r.ok()) {
                    Files.writeString(keepAt, r.stdout());
                }
            }
            host.exec(List.of("rm", "-f", "--", remoteLog.toString()), Duration.ofSeconds(60));
        } catch (IOException | RuntimeException e) {
            // the lab goes on without the console; it stays in libvirt's log folder there
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
