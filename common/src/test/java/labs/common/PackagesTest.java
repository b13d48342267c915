package labs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PackagesTest {
    private static final DebianPackage ABSENT = new DebianPackage("labs-no-such-package", "/nonexistent/labs/proof");
    private static final DebianPackage PRESENT = new DebianPackage("coreutils", "/bin/sh");

    @Test
    void onlyPackagesWithoutTheirProofFileAreMissing() {
        assertEquals(List.of(ABSENT), Packages.missing(List.of(PRESENT, ABSENT, ABSENT)));
    }

    @Test
    void theInstallLineNamesEveryMissingPackage() {
        List<String> cmd = Packages.installCommand(List.of(ABSENT));
        assertEquals(List.of("apt-get", "install", "-y", "labs-no-such-package"),
                cmd.subList(cmd.size() - 4, cmd.size()));
    }

    @Test
    void withoutATerminalOrYesItStopsWithTheExactCommand() {
        Ui.configure(false, false);
        // Surefire runs without a console, which is exactly the CI case the rule is for.
        LabsException e = assertThrows(LabsException.class, () -> Packages.ensure("this test", List.of(ABSENT)));
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertTrue(e.fix().contains("apt-get install -y labs-no-such-package"), e.fix());
    }

    @Test
    void requireNeverAsksItStopsWithTheInstallCommand() {
        Ui.configure(true, false);   // even with --yes: library code never installs
        LabsException e;
        try {
            e = assertThrows(LabsException.class, () -> Packages.require("this test", List.of(PRESENT, ABSENT)));
        } finally {
            Ui.configure(false, false);
        }
        assertEquals(LabsException.EXIT_USAGE, e.exitCode());
        assertTrue(e.getMessage().endsWith("not installed: labs-no-such-package"), e.getMessage());
        assertTrue(e.fix().contains("apt-get install -y labs-no-such-package"), e.fix());
        Packages.require("this test", List.of(PRESENT));   // all there: nothing happens
    }
}
