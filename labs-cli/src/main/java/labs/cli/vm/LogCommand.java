package labs.cli.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import labs.common.LabsException;
import labs.common.i18n.Msg;
import labs.common.i18n.VmText;
import labs.lab.HostAccelProbe;
import labs.launcher.Launcher;
import labs.launcher.vm.VmRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labs vm log NAME} (also {@code console}): the guest's serial console, as QEMU wrote it to a file. */
@Command(name = "log", aliases = "console", mixinStandardHelpOptions = true,
        description = {"Show the guest's serial console log; -f follows it (virsh console).", "",
            "Show the guest's serial console (kernel messages, init and agent lines) of the current or " +
            "last boot. With -f keep printing new lines until the VM stops (or Ctrl-C). " +
            "Read-only: labs talks to the guest through its agent, not through the console.", ""},
        footer = {"", "virsh equivalent: virsh console NAME (interactive there; a log here)"})
final class LogCommand implements Runnable {
    @Mixin
    ConnectOption connect;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = {"-f", "--follow"}, description = "Keep printing what the guest writes, like tail -f.")
    boolean follow;

    @Override
    public void run() {
        connect.refuse("log");
        Launcher launcher = Launcher.openDefault(HostAccelProbe.INSTANCE);
        launcher.store().load(name);
        Path log = launcher.store().consoleLog(name);
        if (!Files.exists(log) && !follow) {
            throw LabsException.usage(Msg.get(VmText.LOG_NONE, name), Msg.get(VmText.START_IT_FIX, name));
        }
        long pos = 0;
        byte[] buf = new byte[8192];
        while (true) {
            if (Files.exists(log)) {
                try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                    if (f.length() < pos) {
                        pos = 0; // a new boot started a new log
                    }
                    f.seek(pos);
                    int n;
                    while ((n = f.read(buf)) > 0) {
                        System.out.print(new String(buf, 0, n, StandardCharsets.UTF_8));
                        pos += n;
                    }
                    System.out.flush();
                } catch (IOException e) {
                    throw new LabsException(Msg.get(VmText.LOG_CANNOT_READ, log), e.toString(),
                            Msg.get(VmText.CHECK_PERMISSIONS));
                }
            }
            if (!follow || !launcher.store().runtime(name).map(VmRuntime::processAlive).orElse(false)) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
