package labs.cpuinfo.check;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.DebianPackage;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.common.Packages;

/** qemu-system-x86_64 present, and its version (the launcher needs it; QEMU 7.2 is what the field notes measured). */
public final class QemuBinaryCheck implements Check {
    @Override
    public List<Finding> run(Host host, Facts.Builder facts) {
        if (!host.live()) {
            return List.of(Finding.of(Status.SKIP, "qemu", "qemu-system-x86_64 not looked for (dump)",
                    "installed programs are not in a dump", "run labs run vt-check on that machine"));
        }
        String install = String.join(" ", Packages.installCommand(List.of(DebianPackage.QEMU)));
        Path qemu = HostRunner.which("qemu-system-x86_64");
        if (qemu == null) {
            return List.of(Finding.of(Status.WARN, "qemu", "qemu-system-x86_64 not found on PATH",
                    "QEMU is what boots the labs' guests (labs installs it when a lab needs it)", install));
        }
        try {
            ExecResult r = HostRunner.INSTANCE.exec(List.of(qemu.toString(), "--version"), Duration.ofSeconds(10));
            String first = r.stdout().strip().split("\n")[0];
            if (!r.ok() || !first.startsWith("QEMU emulator version")) {
                return List.of(Finding.of(Status.WARN, "qemu", qemu + " --version failed: " + r.tail(1),
                        "the binary does not run (missing libraries?)", "sudo apt-get install --reinstall "
                                + DebianPackage.QEMU.name()));
            }
            return List.of(Finding.pass("qemu", qemu + ": " + first));
        } catch (Exception e) {
            return List.of(Finding.of(Status.WARN, "qemu", qemu + " --version could not run: " + e.getMessage(),
                    "the binary does not run", "sudo apt-get install --reinstall " + DebianPackage.QEMU.name()));
        }
    }
}
