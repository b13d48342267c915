package labs.cli;

import labs.vmm.Timing;
import labs.vmm.kvm.LibC;

/**
 * Loads JNA and binds libc on a daemon thread while picocli builds the command model, for the labs that talk to
 * /dev/kvm (vt-check's KVM API check and tiny guest, vm-exit). JNA's first load (its native half, its logger, the
 * library proxy) is ~40 ms, and the thread-CPU clock the tiny guest is timed with (java.management) ~4 ms more; and it is the critical path of `labs run vt-check`; picocli's model of the `run` group
 * takes as long on the main thread. Overlapping the two saves 20-30 ms of vt-check's ~200 ms (bench/startup-ab.sh,
 * README "Performance"). It only initializes classes: nothing is handed over, every lab still calls JNA itself,
 * and a failure here (no JNA native library) is met again, and reported, where a lab needs it.
 */
final class NativeWarmup {
    private NativeWarmup() {}

    static void start() {
        Thread t = new Thread(NativeWarmup::load, "jna-warmup");
        t.setDaemon(true);
        t.start();
    }

    private static void load() {
        try {
            LibC.INSTANCE.hashCode();
            Timing.now();
        } catch (Throwable ignored) {
            // reported by the lab that needs JNA, with its fix
        }
    }
}
