package labs.cpuinfo.check;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.DebianPackage;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.Packages;
import labs.common.i18n.Msg;

import static labs.common.i18n.CheckText.*;

/** qemu-system-x86_64 present, and its version (the launcher needs it; QEMU 7.2 is what the field notes measured). */
public final class QemuBinaryCheck implements Check {
    @Override
    public List<Finding> run(Host host, Facts.Builder facts) {
        if (!host.live()) {
            return List.of(Finding.of(Status.SKIP, "qemu", Msg.get(QEMU_DUMP), Msg.get(QEMU_DUMP_WHY),
                    Msg.get(RUN_THERE, "labs run vt-check")));
        }
        String install = String.join(" ", Packages.installCommand(List.of(DebianPackage.QEMU)));
        Path qemu = HostRunner.which("qemu-system-x86_64");
        if (qemu == null) {
            return List.of(Finding.of(Status.WARN, "qemu", Msg.get(QEMU_MISSING), Msg.get(QEMU_MISSING_WHY), install));
        }
        try {
            ExecResult r = HostRunner.INSTANCE.exec(List.of(qemu.toString(), "--version"), Duration.ofSeconds(10));
            String first = r.stdout().strip().split("\n")[0];
            if (!r.ok() || !first.startsWith("QEMU emulator version")) {
                return List.of(Finding.of(Status.WARN, "qemu", Msg.get(QEMU_FAILED, qemu, r.tail(1)),
                        Msg.get(QEMU_FAILED_WHY), "sudo apt-get install --reinstall " + DebianPackage.QEMU.name()));
            }
            return List.of(Finding.pass("qemu", qemu + ": " + first));
        } catch (Exception e) {
            return List.of(Finding.of(Status.WARN, "qemu", Msg.get(QEMU_NO_RUN, qemu, e.getMessage()),
                    Msg.get(QEMU_NO_RUN_WHY), "sudo apt-get install --reinstall " + DebianPackage.QEMU.name()));
        }
    }
}
