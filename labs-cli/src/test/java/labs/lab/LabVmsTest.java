package labs.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import labs.launcher.AccelProbe;
import labs.launcher.Launcher;
import labs.launcher.guest.GuestImageBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabVmsTest {
    @TempDir
    Path tmp;

    /** A lab that failed before defining its guest (a host fio error) must not warn about removing it. */
    @Test
    void aGuestTheRunNeverDefinedIsNotReportedAsLeftBehind() {
        Launcher launcher = new Launcher(tmp.resolve("data"), new GuestImageBuilder(tmp.resolve("cache")),
                AccelProbe.TCG_ONLY);
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            LabVms.remove(launcher, "io-compare-20260101-000000");
        } finally {
            System.setErr(saved);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }
}
