package labs.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import labs.common.ExecResult;
import labs.common.HostRunner;
import labs.launcher.vm.VmStatus;

/** After a launcher IT: every VM of its store destroyed, and no process left that names the test's folder. */
final class StoreTeardown {
    private StoreTeardown() {}

    static void destroyAllAndCheck(Launcher launcher, Path testDir) throws Exception {
        if (launcher != null) {
            for (VmStatus s : launcher.list()) {
                launcher.destroy(s.name());
            }
        }
        ExecResult ps = HostRunner.INSTANCE.exec(List.of("pgrep", "-f", testDir.toString()), Duration.ofSeconds(10));
        assertEquals("", ps.stdout().strip(), "no process of this test's store left");
    }
}
