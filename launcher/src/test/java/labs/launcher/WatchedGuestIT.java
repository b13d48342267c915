package labs.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.LabsException;
import labs.launcher.guest.GuestImageBuilder;
import labs.launcher.vm.WatchedGuest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest step that stalls ends with the console's tail instead of waiting for ever (issue 10, 12b), on a real
 * guest under TCG: a step past its deadline, and a real hung task: the data disk's file system frozen in the
 * guest (fsfreeze), a write to it then blocks in the kernel, and the guest's hung-task detector (its timeout
 * lowered to 2 s for the test) prints "INFO: task ... blocked for more than 2 seconds" on the console.
 */
class WatchedGuestIT {
    private static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    private Launcher launcher;

    @AfterEach
    void noQemuLeft() throws Exception {
        StoreTeardown.destroyAllAndCheck(launcher, tmp);
    }

    @Test
    void aStalledStepFailsWithTheConsole() throws Exception {
        launcher = new Launcher(tmp.resolve("data"), new GuestImageBuilder(GuestImageBuilder.defaultCacheRoot()),
                AccelProbe.TCG_ONLY);
        launcher.create(new VmSpec("w1", 1, List.of(), 256, 32, DiskFormat.RAW, CacheMode.NONE, AccelChoice.TCG,
                false));
        try (RunningVm vm = launcher.start("w1")) {
            WatchedGuest guest = new WatchedGuest(vm, launcher.store().consoleLog("w1"), "the test's fix");
            assertEquals("ok\n", guest.exec(List.of("echo", "ok"), T).stdout(), "a step that finishes is untouched");

            long t0 = System.nanoTime();
            LabsException late = assertThrows(LabsException.class,
                    () -> guest.exec(List.of("sleep", "97"), Duration.ofSeconds(3)));
            assertTrue(late.getMessage().contains("deadline of 3 s"), late.getMessage());
            assertTrue((System.nanoTime() - t0) / 1e9 < 20, "stopped at its deadline, not the agent's");
            assertEquals(LabsException.EXIT_FAILED, late.exitCode());
            assertTrue(late.why().contains("console tail"), late.why());
            assertEquals("the test's fix", late.fix());
            awaitGone(vm, "sleep 97");

            assertEquals(0, vm.exec(List.of("sh", "-c", "echo 2 > /proc/sys/kernel/hung_task_timeout_secs"), T)
                    .exitCode());
            assertEquals(0, vm.exec(List.of("fsfreeze", "--freeze", "/data"), T).exitCode());
            t0 = System.nanoTime();
            LabsException hung = assertThrows(LabsException.class,
                    () -> guest.exec(List.of("sh", "-c", "echo x > /data/f"), Duration.ofSeconds(600)));
            double s = (System.nanoTime() - t0) / 1e9;
            assertTrue(hung.getMessage().contains("blocked for more than 2 seconds"), hung.getMessage());
            assertTrue(hung.why().contains("blocked for more than"), hung.why());
            assertTrue(s < 120, "found on the console in " + s + " s, long before the 600 s deadline");
            assertEquals(0, vm.exec(List.of("fsfreeze", "--unfreeze", "/data"), T).exitCode());
        }
        launcher.undefine("w1", true);
    }

    private static void awaitGone(RunningVm vm, String cmd) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (vm.exec(List.of("ps"), T).stdout().contains(cmd) && System.nanoTime() < until) {
            Thread.sleep(200);
        }
        assertFalse(vm.exec(List.of("ps"), T).stdout().contains(cmd), "the step was killed in the guest");
    }
}
