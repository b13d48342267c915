package labs.launcher.bench;

import java.nio.file.Path;
import java.util.List;
import labs.common.Ui;
import labs.launcher.AccelChoice;
import labs.launcher.AccelProbe;
import labs.launcher.CacheMode;
import labs.launcher.DiskFormat;
import labs.launcher.Launcher;
import labs.launcher.RunningVm;
import labs.launcher.VmSpec;
import labs.launcher.guest.GuestImageBuilder;

/**
 * For bench/launcher-start.sh. {@code create STORE}: defines VM "bench" (TCG, 1 vCPU, 512 MiB, 256 MiB qcow2 data
 * disk). {@code start STORE}: one {@link Launcher#start} timed from the call (store lock, warm image check, QEMU,
 * agent ready, QMP vCPU query, pinning) and its shutdown; prints {@code ready_s stop_s}. {@code remove STORE}.
 */
public final class LauncherStart {
    public static void main(String[] args) {
        Ui.setQuiet(true);
        Ui.configure(false, System.getenv("LABS_BENCH_DEBUG") != null);
        Launcher l = new Launcher(Path.of(args[1]), new GuestImageBuilder(GuestImageBuilder.defaultCacheRoot()),
                AccelProbe.TCG_ONLY);
        switch (args[0]) {
            case "create" -> l.create(new VmSpec("bench", 1, List.of(), 512, 256, DiskFormat.QCOW2, CacheMode.NONE,
                    AccelChoice.TCG, false));
            case "remove" -> l.undefine("bench", true);
            default -> {
                long t0 = System.nanoTime();
                RunningVm vm = l.start("bench");
                double ready = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                vm.shutdown();
                System.out.printf("%.3f %.3f%n", ready, (System.nanoTime() - t1) / 1e9);
            }
        }
    }
}
